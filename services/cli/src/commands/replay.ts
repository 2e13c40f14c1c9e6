import type { Command } from 'commander';
import { examples } from '../program/args';
import { assertReadableFile, assertWritableTarget } from '../io/input';
import { resolveConfig } from '../wiring/config';
import { pipelineConfigSchema } from '../wiring/pipeline-config';

interface ReplayFlags {
  input: string;
  output: string;
  labels?: string;
  config?: string;
}

export function register(program: Command): void {
  program
    .command('replay')
    .description('backtest: run features, detector and policy in one process over recorded events, on event time, as fast as possible')
    .requiredOption('-i, --input <file>', "events in the api.usage.v1 contract: .jsonl, .jsonl.gz, or '-' for stdin")
    .requiredOption('-o, --output <file>', "where to write one JSON line per change of an account's action ('-' for stdout)")
    .option('-l, --labels <file>', 'labels CSV (account_id,label,group,tier,first_ts): also print precision, recall, FP rate, time to flag')
    .option('-c, --config <file>', 'JSON config file with features / detector / policy settings')
    .addHelpText('after', examples([
      ['lockstep replay --input ../shared/datasets/sample-2d.jsonl.gz --output out/decisions.jsonl', 'replay two days of traffic'],
      ['lockstep replay -i ../shared/datasets/sample-2d.jsonl.gz -o out/d.jsonl --labels ../shared/datasets/sample-2d.labels.csv', 'replay and evaluate against labels'],
      ['zcat events.jsonl.gz | lockstep replay --input - --output - > decisions.jsonl', 'stream from stdin to stdout (the report goes to stderr)'],
    ]))
    .action(async (flags: ReplayFlags) => {
      // Check every path before any work so a typo fails at once, in one line.
      if (flags.input !== '-') assertReadableFile(flags.input);
      if (flags.labels) assertReadableFile(flags.labels, 'labels file');
      assertWritableTarget(flags.output);
      const config = resolveConfig(pipelineConfigSchema, { configFile: flags.config });
      // Loaded here, not at the top: --help and the other commands do not need the detector.
      const { runReplay } = await import('@lockstep/pipeline');
      const result = await runReplay({ input: flags.input, output: flags.output, labels: flags.labels, pipeline: config });
      // With decisions on stdout, the report must not mix into them.
      (flags.output === '-' ? process.stderr : process.stdout).write(`${result.report}\n`);
    });
}
