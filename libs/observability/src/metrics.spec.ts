import { createMetrics, metricName } from './metrics';

describe('createMetrics', () => {
  it('exposes prefixed default process metrics with a service label', async () => {
    const m = createMetrics('detector');
    const text = await m.registry.metrics();
    expect(text).toMatch(/^lockstep_process_cpu_user_seconds_total\{service="detector"\}/m);
    expect(text).toContain('lockstep_nodejs_eventloop_lag_seconds');
  });

  it('prefixes custom metric names and returns the same metric when asked twice', async () => {
    const m = createMetrics('featurizer', { defaultMetrics: false });
    const a = m.counter({ name: 'events_processed_total', help: 'events', labelNames: ['topic'] });
    const b = m.counter({ name: 'lockstep_events_processed_total', help: 'events', labelNames: ['topic'] });
    expect(a).toBe(b);
    a.inc({ topic: 't' }, 2);
    m.gauge({ name: 'state_accounts', help: 'accounts' }).set(5);
    m.histogram({ name: 'batch_seconds', help: 'batch', buckets: [0.1, 1] }).observe(0.5);
    const text = await m.registry.metrics();
    expect(text).toContain('lockstep_events_processed_total{topic="t",service="featurizer"} 2');
    expect(text).toContain('lockstep_state_accounts{service="featurizer"} 5');
    expect(text).toContain('lockstep_batch_seconds_bucket{le="1",service="featurizer"} 1');
    expect(text).not.toContain('process_cpu');
  });

  it('metricName adds the prefix once', () => {
    expect(metricName('x')).toBe('lockstep_x');
    expect(metricName('lockstep_x')).toBe('lockstep_x');
  });
});
