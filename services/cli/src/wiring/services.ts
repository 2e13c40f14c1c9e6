import type { z } from 'zod';
import type { ServiceName } from './service-names';

/** What `lockstep serve` needs from a service package. */
export interface RunnableService {
  configSchema: z.ZodTypeAny;
  /** The config key that --port sets. */
  portKey: string;
  start(config: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The one place the CLI binds service names to their packages. Each is required only when
 * asked for, so `serve policy` never loads the detector and --help loads nothing.
 */
export async function loadService(name: ServiceName): Promise<RunnableService> {
  switch (name) {
    case 'featurizer': {
      const m = await import('@lockstep/featurizer');
      return { configSchema: m.configSchema, portKey: 'port', start: (c) => m.start(c as Parameters<typeof m.start>[0]), stop: m.stop };
    }
    case 'detector': {
      const m = await import('@lockstep/detector');
      return { configSchema: m.configSchema, portKey: 'port', start: (c) => m.start(c as Parameters<typeof m.start>[0]), stop: m.stop };
    }
    case 'policy': {
      const m = await import('@lockstep/policy-service');
      return { configSchema: m.policyServiceConfigSchema, portKey: 'port', start: (c) => m.start(c as Parameters<typeof m.start>[0]), stop: m.stop };
    }
  }
}
