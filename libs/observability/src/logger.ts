import pino from 'pino';

export interface LoggerOptions {
  /** pino level; default LOCKSTEP_LOG_LEVEL or 'info'. */
  level?: string;
  /** Where to write: a pino destination stream, a file descriptor, or a file path. Default stdout. */
  destination?: pino.DestinationStream | number | string;
  /** Extra fields bound to every line. */
  base?: Record<string, unknown>;
}

/**
 * Paths whose values never reach a log line. Covers the usual places a secret hides:
 * top-level and one or two levels deep, and HTTP/gRPC request headers.
 */
export const REDACT_PATHS = [
  'password', 'token', 'secret', 'apiKey', 'api_key', 'authorization', 'accessToken', 'refreshToken', 'cookie',
  '*.password', '*.token', '*.secret', '*.apiKey', '*.api_key', '*.authorization', '*.Authorization',
  '*.accessToken', '*.refreshToken', '*.cookie', '*.sasl', '*.credentials',
  '*.*.password', '*.*.token', '*.*.secret', '*.*.authorization', '*.*.Authorization', '*.*.cookie',
  'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'metadata.authorization',
];

export function createLogger(name: string, opts: LoggerOptions = {}): pino.Logger {
  const level = opts.level ?? process.env.LOCKSTEP_LOG_LEVEL ?? 'info';
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { service: name, pid: process.pid, ...opts.base },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const dest = opts.destination;
  if (dest === undefined) return pino(options);
  if (typeof dest === 'number' || typeof dest === 'string') return pino(options, pino.destination({ dest, sync: true }));
  return pino(options, dest);
}
