import { InvalidArgumentError, type Command } from 'commander';
import { examples, parsePort } from '../program/args';
import { untilShutdown } from '../io/shutdown';
import { resolveConfig } from '../wiring/config';
import { SERVICE_NAMES, isServiceName, type ServiceName } from '../wiring/service-names';

interface ServeFlags {
  port?: number;
  config?: string;
}

function parseServiceName(value: string): ServiceName {
  if (!isServiceName(value)) throw new InvalidArgumentError(`expected one of ${SERVICE_NAMES.join(', ')}`);
  return value;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('start one Lockstep service (featurizer, detector or policy) against Kafka; stops gracefully on SIGTERM/SIGINT')
    .argument('<service>', SERVICE_NAMES.join(' | '), parseServiceName)
    .option('-p, --port <n>', "the service's port: gRPC for policy (default 50051), the ops HTTP server (/metrics, /healthz, /readyz) for the others", parsePort)
    .option('-c, --config <file>', 'JSON config file; LOCKSTEP_* env vars override it, flags override both')
    .addHelpText('after', `${examples([
      ['lockstep serve policy --port 50051', 'the PolicyService on gRPC port 50051'],
      ['LOCKSTEP_KAFKA_BROKERS=10.0.0.7:9092 lockstep serve featurizer', 'the featurizer against another broker'],
      ['lockstep serve detector --config deploy/detector.json', 'settings from a file'],
    ])}
Common environment: LOCKSTEP_KAFKA_BROKERS (default 127.0.0.1:9092), LOCKSTEP_LOG_LEVEL,
LOCKSTEP_REPORT_TOKEN and LOCKSTEP_ADMIN_TOKEN (policy), LOCKSTEP_OPS_PORT.
`)
    .action(async (name: ServiceName, flags: ServeFlags) => {
      // Loaded lazily so that `serve policy` does not load the detector, and --help loads nothing.
      const { loadService } = await import('../wiring/services');
      const service = await loadService(name);
      const config = resolveConfig(service.configSchema, { flags: { [service.portKey]: flags.port }, configFile: flags.config });
      await service.start(config);
      await untilShutdown({ stop: () => service.stop() });
    });
}
