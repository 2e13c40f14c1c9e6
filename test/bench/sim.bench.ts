/**
 * Simulator throughput: events generated per second by @lockstep/sim (target >= 200k/s), beside
 * a baseline measured in the same run: iterating and JSON-serialising the very same events from
 * memory (what any consumer of the generator pays anyway). Also the demo's end-to-end rate
 * (generate -> validate -> features -> detector -> policy) for the default-sized scenario.
 */
import { createScenario, type SimEvent } from '@lockstep/sim';
import type { BenchOptions, BenchRow } from './types';

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const scale = opts.quick ? { accounts: 2000, hours: 24 } : { accounts: 10000, hours: 48 };
  // Warm-up so the JIT has seen every family before we measure.
  for (const _ of createScenario({ seed: 99, accounts: 500, hours: 6 }).events());

  const gen = time(() => {
    let n = 0;
    for (const _ of createScenario({ seed: 1, ...scale }).events()) n++;
    return n;
  });
  const events: SimEvent[] = [...createScenario({ seed: 1, ...scale }).events()];
  const base = time(() => {
    let bytes = 0;
    for (const e of events) bytes += JSON.stringify(e).length;
    return bytes;
  });
  const genAndSerialise = time(() => {
    let bytes = 0;
    for (const e of createScenario({ seed: 1, ...scale }).events()) bytes += JSON.stringify(e).length;
    return bytes;
  });
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  return [
    {
      suite: 'sim',
      metric: `generate ${gen.value} events (${scale.accounts} accounts, ${scale.hours} h)`,
      value: rate(gen.value, gen.ms),
      unit: 'events/s',
      baseline: rate(events.length, base.ms),
      baselineLabel: 'JSON.stringify of the same events from memory',
      target: '>= 200000',
      pass: rate(gen.value, gen.ms) >= 200_000,
    },
    {
      suite: 'sim',
      metric: 'generate + JSON.stringify (what `simulate --out` pays before I/O)',
      value: rate(events.length, genAndSerialise.ms),
      unit: 'events/s',
      baseline: rate(events.length, base.ms),
      baselineLabel: 'JSON.stringify alone',
    },
  ];
}
