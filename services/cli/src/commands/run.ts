import type { Command } from 'commander';
import { examples, parsePort } from '../program/args';
import { assertReadableFile } from '../io/input';
import { untilShutdown } from '../io/shutdown';
import { resolveConfig } from '../wiring/config';
import { runConfigSchema } from '../wiring/run-config';

interface RunFlags {
  input?: string;
  topic?: string;
  port?: number;
  groupId?: string;
  config?: string;
  exitWhenDone?: boolean;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('single-box deployment: features, detector and policy in one process, fed from Kafka or a file, serving the PolicyService')
    .option('-i, --input <file>', "feed events from a .jsonl / .jsonl.gz file or '-' (stdin) instead of Kafka; no broker needed (enforcement state in memory unless the config sets stateStore: kafka)")
    .option('-t, --topic <name>', 'usage topic to consume (env LOCKSTEP_KAFKA_TOPICS_USAGE, default api.usage.v1)')
    .option('-p, --port <n>', 'gRPC port of the PolicyService (default 50051)', parsePort)
    .option('--group-id <id>', 'Kafka consumer group (default lockstep-run)')
    .option('-c, --config <file>', 'JSON config file (port, kafka, features, detector, policy, adminToken, ...)')
    .option('--exit-when-done', 'with --input: stop once the file is processed instead of serving until SIGTERM')
    .addHelpText('after', `${examples([
      ['lockstep run', 'consume api.usage.v1 from the local broker and serve the PolicyService on :50051'],
      ['lockstep run --input events.jsonl.gz --port 7000', 'feed a file, then keep serving on :7000 for status/account/campaigns'],
      ['LOCKSTEP_ADMIN_TOKEN=change-me-please lockstep run --topic api.usage.v1', 'enable overrides with an admin token'],
    ])}
The PolicyService keeps its state in the compacted lockstep.enforcement.v1 topic, so a broker
is needed in both modes (LOCKSTEP_KAFKA_BROKERS, default 127.0.0.1:9092).
`)
    .action(async (flags: RunFlags) => {
      if (flags.input && flags.input !== '-') assertReadableFile(flags.input);
      const config = resolveConfig(runConfigSchema, {
        flags: { port: flags.port, groupId: flags.groupId, 'kafka.topics.usage': flags.topic },
        configFile: flags.config,
      });
      const { startEmbedded } = await import('../wiring/embedded');
      const box = await startEmbedded(config, flags.input ? 'file' : 'kafka');
      const say = (line: string) => process.stderr.write(`run: ${line}\n`);
      say(`PolicyService serving on port ${box.port}`);
      const done = untilShutdown({ stop: () => box.stop() });

      if (flags.input) {
        const started = Date.now();
        let last = started;
        const progress = () => {
          if (Date.now() - last < 5000) return;
          last = Date.now();
          const st = box.pipeline.stats();
          say(`${box.stats.events} events (${Math.round(box.stats.events / ((last - started) / 1000))}/s), ${st.decisions} decisions, ${st.detector.campaigns} campaigns`);
        };
        await box.feedFile(flags.input, progress);
        if (box.stopping) {
          await done;
          return;
        }
        const st = box.pipeline.stats();
        say(`input done: ${box.stats.events} events, ${box.stats.malformed} malformed lines, ${st.decisions} decisions (${box.sink.delivered} delivered), ${st.detector.campaigns} campaigns`);
        if (flags.exitWhenDone) {
          await box.stop();
          return;
        }
        say(`still serving on port ${box.port}; try 'lockstep status --server 127.0.0.1:${box.port}' (Ctrl-C to stop)`);
      } else {
        await box.feedKafka();
        say(`consuming ${config.kafka.topics.usage} as group ${config.groupId} (Ctrl-C to stop)`);
      }
      await done;
    });
}
