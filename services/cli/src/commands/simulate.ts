import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { kafkaConfigSchema } from '@lockstep/config';
import { createScenario, labelsToCsv, type SimEvent } from '@lockstep/sim';
import { examples, parseIntInRange } from '../program/args';
import { CliError, EXIT } from '../program/errors';
import { resolveConfig } from '../wiring/config';
import { JsonlFileSink } from '../sim/file-sink';
import { KafkaEventSink } from '../sim/kafka-sink';
import { DEFAULT_SCALE, addScenarioOptions, scenarioOptions, type ScenarioFlags } from '../sim/scenario-flags';

interface SimulateFlags extends ScenarioFlags {
  out?: string;
  labels?: string;
  kafka?: boolean;
  rate: number;
  realtime?: number | true;
  topic?: string;
  brokers?: string;
  config?: string;
  quiet?: boolean;
}

function parseSpeed(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(n > 0) || n > 1e6) throw new InvalidArgumentError('expected a speed greater than 0, e.g. 1 or 60.');
  return n;
}

const simulateConfigSchema = z.object({ kafka: kafkaConfigSchema }).prefault({});

interface Sink {
  write(e: SimEvent): Promise<void> | undefined;
  close(): Promise<void>;
}

function assertFolder(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new CliError(`${what} folder does not exist: ${dir}`, EXIT.usage);
}

export function register(program: Command): void {
  const cmd = program
    .command('simulate')
    .description('generate a seeded, labelled api.usage.v1 scenario (benign look-alikes and campaigns) to a file or to Kafka');
  addScenarioOptions(cmd, DEFAULT_SCALE)
    .option('-o, --out <file>', "events file: .jsonl, .jsonl.gz (gzip), or '-' for stdout")
    .option('-l, --labels <file>', 'labels CSV to write (account_id,label,group,tier,first_ts)')
    .option('--kafka', 'produce the events to Kafka instead of a file (brokers from --brokers, LOCKSTEP_KAFKA_BROKERS or --config)')
    .option('--rate <n>', 'with --kafka: events per second (0 = as fast as possible)', parseIntInRange(0, 10_000_000), 1000)
    .option('--realtime [speed]', 'with --kafka: pace by event time instead of --rate, event time running <speed> times the wall clock (default 1); pair with --start now', parseSpeed)
    .option('--topic <name>', 'with --kafka: topic to produce to (default: kafka.topics.usage, api.usage.v1)')
    .option('--brokers <list>', 'with --kafka: comma list of host:port')
    .option('-c, --config <file>', 'JSON config file (kafka.brokers, kafka.topics.usage, ...)')
    .option('-q, --quiet', 'no progress lines on stderr')
    .addHelpText(
      'after',
      examples([
        ['lockstep simulate --out out/events.jsonl.gz --labels out/labels.csv', 'a day of ~3000 accounts (the demo scenario) to a gzip file, with labels'],
        ['lockstep simulate --seed 7 --accounts 20000 --hours 48 --out out/big.jsonl --labels out/big.csv', 'a bigger, longer scenario'],
        ['lockstep simulate --only hydra,casual,enterprise_seat --out - | head', 'a few families, to stdout'],
        ['lockstep simulate --kafka --rate 2000 --topic api.usage.v1 --start now', 'feed a running deployment at 2000 events/s'],
        ['lockstep simulate --kafka --realtime 60 --start now --hours 48', 'a believable live flow: one hour of traffic per wall minute'],
      ]),
    )
    .action(async (flags: SimulateFlags) => {
      if (flags.kafka && flags.out) throw new CliError('choose one destination: --out <file> or --kafka', EXIT.usage);
      if (!flags.kafka && !flags.out) throw new CliError('missing destination: pass --out <file> (or --kafka)', EXIT.usage);
      if (flags.realtime !== undefined && !flags.kafka) throw new CliError('--realtime paces Kafka output; use it with --kafka', EXIT.usage);
      if (flags.labels) assertFolder(flags.labels, 'labels');
      if (flags.out && flags.out !== '-') assertFolder(flags.out, 'output');

      const scenario = createScenario(scenarioOptions(flags));
      const say = (line: string) => process.stderr.write(`${line}\n`);
      let sink: Sink;
      let where: string;
      if (flags.kafka) {
        const cfg = resolveConfig(simulateConfigSchema, {
          configFile: flags.config,
          flags: { kafka: { brokers: flags.brokers?.split(',').map((s) => s.trim()).filter(Boolean) } },
        });
        const topic = flags.topic ?? cfg.kafka.topics.usage;
        const realtime = flags.realtime === undefined ? undefined : flags.realtime === true ? 1 : flags.realtime;
        const k = new KafkaEventSink({ brokers: cfg.kafka.brokers, clientId: `${cfg.kafka.clientId}-simulate`, topic, rate: flags.rate, ...(realtime ? { realtime } : {}) });
        try {
          if ((await k.connect()) && !flags.quiet) say(`simulate: created topic ${topic}`);
        } catch (err) {
          throw new CliError(`cannot reach Kafka at ${cfg.kafka.brokers.join(',')}: ${(err as Error).message}`);
        }
        sink = k;
        where = `topic ${topic} at ${cfg.kafka.brokers.join(',')}${realtime ? ` (event time at ${realtime}x)` : flags.rate ? ` (${flags.rate} events/s)` : ''}`;
      } else {
        const file = new JsonlFileSink(flags.out!);
        sink = { write: (e) => file.write(JSON.stringify(e)), close: () => file.close() };
        where = flags.out === '-' ? 'stdout' : flags.out!;
      }

      const started = Date.now();
      let lastReport = started;
      let n = 0;
      try {
        for (const e of scenario.events()) {
          const pending = sink.write(e);
          if (pending) await pending;
          if ((++n & 0x3fff) === 0 && !flags.quiet) {
            const now = Date.now();
            if (now - lastReport >= 2000) {
              lastReport = now;
              say(`simulate: ${n} events, event time ${new Date(e.ts).toISOString().slice(0, 16)}Z, ${Math.round(n / ((now - started) / 1000))} events/s`);
            }
          }
        }
      } finally {
        await sink.close();
      }
      const labels = scenario.labels();
      if (flags.labels) fs.writeFileSync(flags.labels, labelsToCsv(labels));
      const secs = Math.max(1e-3, (Date.now() - started) / 1000);
      const campaigns = labels.filter((l) => l.label === 'campaign').length;
      if (!flags.quiet) {
        say(`simulate: wrote ${n} events for ${labels.length} accounts (${campaigns} in campaigns) to ${where} in ${secs.toFixed(1)} s (${Math.round(n / secs)} events/s)`);
        if (flags.labels) say(`simulate: labels -> ${flags.labels}`);
      }
    });
}
