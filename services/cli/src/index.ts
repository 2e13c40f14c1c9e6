export { buildProgram, main } from './main';
export { CliError, EXIT, describeError, oneLine } from './program/errors';
export { formatTable, formatFields, formatTime, formatDuration, formatNumber, type Column } from './output/table';
export { examples, parseAction, parseDurationMs, parsePort, parseServerAddress } from './program/args';
export { resolveConfig } from './wiring/config';
