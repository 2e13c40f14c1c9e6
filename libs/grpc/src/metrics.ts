import * as grpc from '@grpc/grpc-js';
import { Histogram, type Registry } from 'prom-client';

const CODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k]),
);

export function codeName(code: number | undefined): string {
  return CODE_NAMES[code ?? grpc.status.UNKNOWN] ?? String(code);
}

export type RpcHistogram = Histogram<'service' | 'method' | 'code'>;

/** lockstep_grpc_server_handling_seconds{service,method,code}: sub-millisecond buckets for Check. */
export function createRpcHistogram(registry: Registry, name = 'lockstep_grpc_server_handling_seconds'): RpcHistogram {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as RpcHistogram;
  return new Histogram({
    name,
    help: 'gRPC server handling time by service, method and status code',
    labelNames: ['service', 'method', 'code'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

type AnyHandler = (...args: any[]) => unknown;

/**
 * Wraps every handler of a service implementation so each call is timed and labelled with its
 * final status code: unary calls via their callback, server streams when they end or fail.
 */
export function instrumentService<T extends grpc.UntypedServiceImplementation>(
  definition: grpc.ServiceDefinition,
  impl: T,
  histogram: RpcHistogram,
  service: string,
): T {
  const out: Record<string, AnyHandler> = {};
  for (const [key, method] of Object.entries(definition)) {
    const handler = (impl as Record<string, AnyHandler>)[key];
    if (!handler) continue;
    // One labelled child per status code, made once: the hot path then only reads a clock.
    const children = new Map<number, { observe(v: number): void }>();
    const observe = (code: number, startNs: bigint) => {
      let child = children.get(code);
      if (!child) children.set(code, (child = histogram.labels({ service, method: key, code: codeName(code) })));
      child.observe(Number(process.hrtime.bigint() - startNs) / 1e9);
    };
    if (!method.requestStream && !method.responseStream) {
      out[key] = (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        const start = process.hrtime.bigint();
        return handler(call, (err: Partial<grpc.ServiceError> | null, value?: unknown, trailer?: grpc.Metadata, flags?: number) => {
          observe(err ? (err.code ?? grpc.status.UNKNOWN) : grpc.status.OK, start);
          cb(err as grpc.ServiceError | null, value, trailer, flags);
        });
      };
    } else if (!method.requestStream && method.responseStream) {
      out[key] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
        const start = process.hrtime.bigint();
        let done = false;
        const finish = (code: number) => {
          if (!done) observe(code, start);
          done = true;
        };
        const emit = call.emit.bind(call);
        call.emit = ((event: string, ...args: unknown[]) => {
          if (event === 'error') finish((args[0] as grpc.ServiceError)?.code ?? grpc.status.UNKNOWN);
          return emit(event, ...args);
        }) as typeof call.emit;
        call.on('finish', () => finish(grpc.status.OK));
        call.on('cancelled', () => finish(grpc.status.CANCELLED));
        return handler(call);
      };
    } else {
      out[key] = handler;
    }
  }
  return out as T;
}
