import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export const METRIC_PREFIX = 'lockstep_';

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  buckets?: number[];
}

export interface Metrics {
  registry: Registry;
  service: string;
  /** Get-or-create: asking twice for one name returns the same metric, so components can share a registry. */
  counter<L extends string = string>(opts: MetricOptions<L>): Counter<L>;
  gauge<L extends string = string>(opts: MetricOptions<L>): Gauge<L>;
  histogram<L extends string = string>(opts: HistogramOptions<L>): Histogram<L>;
}

/** Prefixes a metric name with lockstep_ unless it already has it. */
export function metricName(name: string): string {
  return name.startsWith(METRIC_PREFIX) ? name : METRIC_PREFIX + name;
}

/**
 * A per-service registry with the default process metrics (lockstep_process_*, lockstep_nodejs_*)
 * and a `service` label on every series.
 */
export function createMetrics(service: string, opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  function getOrCreate<M extends Metric>(name: string, make: (full: string) => M): M {
    const full = metricName(name);
    const existing = registry.getSingleMetric(full);
    return existing ? (existing as M) : make(full);
  }

  return {
    registry,
    service,
    counter: <L extends string>(o: MetricOptions<L>) =>
      getOrCreate(o.name, (name) => new Counter<L>({ name, help: o.help, labelNames: o.labelNames ?? [], registers: [registry] })),
    gauge: <L extends string>(o: MetricOptions<L>) =>
      getOrCreate(o.name, (name) => new Gauge<L>({ name, help: o.help, labelNames: o.labelNames ?? [], registers: [registry] })),
    histogram: <L extends string>(o: HistogramOptions<L>) =>
      getOrCreate(o.name, (name) =>
        new Histogram<L>({ name, help: o.help, labelNames: o.labelNames ?? [], registers: [registry], ...(o.buckets ? { buckets: o.buckets } : {}) }),
      ),
  };
}
