/**
 * End-to-end lag on the real broker (issue 6 target: at 20,000 events/s, p95 <= 10 s from an
 * event being produced to PolicyService.Check reflecting the decision it led to). Policy,
 * featurizer and detector run as `lockstep serve` child processes; a paced producer sends
 * background traffic with the farm fixture mixed in, in event-time order (2 h of event time
 * compressed into the run). For every farm account: lag = wall time Check first answered with a
 * decision - wall time the event carrying that decision's event_ts was acknowledged by Kafka.
 * Everything (producer, three services, broker) shares this machine's cores: the figure is a
 * lower bound of what separate machines give.
 */
import { farmFixture } from '../support/farm';
import { testKafka, uniqueName } from '../support/kafka';
import { PipelineRun } from '../support/pipeline';
import type { BenchOptions, BenchRow } from './types';

const T0 = Date.UTC(2026, 5, 1);
const TARGET_RATE = 20_000;
const HOURS = 2;

function background(n: number, accounts: number, t0: number, spanMs: number): { ts: number; account_id: string; json: string }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = (i * 7919) % accounts;
    const ts = t0 + Math.floor((i / n) * spanMs);
    const e = {
      event_id: `bg-${i}`, ts, account_id: `bg-${a}`, tier: a % 5 === 0 ? 'pro' : 'free', verified: a % 2 === 0,
      account_created_ts: t0 - 86_400_000 * (30 + (a % 300)), ip: `198.51.${a % 250}.${(a % 200) + 1}`, asn: 7000 + (a % 400),
      ip_class: 'residential', model: 'frontier-small', input_tokens: 20 + (i % 400), output_tokens: 50 + (i % 600), max_tokens: null,
      category: 'chat', prompt_simhash: (0x1000000000000n + BigInt(i * 2654435761)).toString(16).padStart(16, '0').slice(-16),
      payment_fp: `card-bg-${a}`, template_hash: null, system_hash: null, ua_hash: `ua-${a % 50}`, cot_request: false,
    };
    out.push({ ts, account_id: e.account_id, json: JSON.stringify(e) });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const seconds = opts.quick ? 12 : 45;
  const fx = farmFixture({ prefix: 'lag', t0: T0, farmSize: 30, benign: 0, hours: HOURS });
  const bg = background(TARGET_RATE * seconds - fx.events.length, opts.quick ? 20_000 : 100_000, T0, HOURS * 3_600_000);
  const all = [...bg, ...fx.events.map((e) => ({ ts: e.ts, account_id: e.account_id, json: JSON.stringify(e) }))].sort((a, b) => a.ts - b.ts);

  const run = new PipelineRun('bench-lag');
  const eventTsOf = new Map<string, number>();
  const decisionsReader = testKafka('bench-lag-decisions').consumer({ groupId: uniqueName('bench-lag-reader'), maxWaitTimeInMs: 200 });
  await run.open();
  try {
    await run.startPolicy();
    // Production emission and chunk settings (rate-limited, defaults), not the every-event, small-chunk
    // settings of the fault tests.
    await run.startFeaturizer('featurizer', { LOCKSTEP_MIN_EMIT_INTERVAL_MS: String(5 * 60_000), LOCKSTEP_MAX_CHUNK: '20000' });
    await run.startDetector();
    // Only the decisions log is read (decision_id -> event_ts): following account.features.v1 too,
    // as the fault tests do, would put a JSON.parse of every vector on this host's two cores.
    await decisionsReader.connect();
    await decisionsReader.subscribe({ topic: run.topics.decisions, fromBeginning: true });
    await decisionsReader.run({
      eachMessage: async ({ message }) => {
        const d = JSON.parse(message.value!.toString()) as { decision_id: string; event_ts: number };
        eventTsOf.set(d.decision_id, d.event_ts);
      },
    });

    // Wall time at which events up to a given event time were acknowledged.
    const acked: { ts: number; wall: number }[] = [];
    const firstAnswer = new Map<string, { wall: number; decisionId: string }>();
    let producing = true;
    const poller = (async () => {
      while (producing || firstAnswer.size < fx.farmAccounts.length) {
        const res = await run.policy.batchCheck(fx.farmAccounts).catch(() => []);
        const now = Date.now();
        res.forEach((r, i) => {
          const a = fx.farmAccounts[i]!;
          if (r.action !== 'ALLOW' && r.decision_id && !firstAnswer.has(a)) firstAnswer.set(a, { wall: now, decisionId: r.decision_id });
        });
        if (!producing && Date.now() - acked[acked.length - 1]!.wall > 60_000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    // A plain producer with a few requests in flight: the paced source must not be the bottleneck.
    const producer = testKafka('bench-lag-source').producer({ maxInFlightRequests: 8 });
    await producer.connect();
    const batch = 1000;
    const inFlight = new Set<Promise<void>>();
    const start = Date.now();
    for (let i = 0; i < all.length; i += batch) {
      const due = start + (i / TARGET_RATE) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const slice = all.slice(i, i + batch);
      const p: Promise<void> = producer
        .send({ topic: run.topics.usage, acks: -1, messages: slice.map((e) => ({ key: e.account_id, value: e.json })) })
        .then(() => {
          acked.push({ ts: slice[slice.length - 1]!.ts, wall: Date.now() });
          inFlight.delete(p);
        });
      inFlight.add(p);
      if (inFlight.size >= 4) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await producer.disconnect();
    acked.sort((a, b) => a.ts - b.ts);
    const produceSeconds = (Date.now() - start) / 1000;
    producing = false;
    await poller;

    // The decisions log is written once the policy acknowledged them: give the reader time to see them.
    const readBy = Date.now() + 15_000;
    while ([...firstAnswer.values()].some((a) => !eventTsOf.has(a.decisionId)) && Date.now() < readBy) await new Promise((r) => setTimeout(r, 200));
    const lags: number[] = [];
    for (const { wall, decisionId } of firstAnswer.values()) {
      const ets = eventTsOf.get(decisionId);
      if (ets === undefined) continue;
      const at = acked.find((b) => b.ts >= ets) ?? acked[acked.length - 1]!;
      lags.push((wall - at.wall) / 1000);
    }
    lags.sort((a, b) => a - b);
    const p95 = Math.round(percentile(lags, 95) * 100) / 100;
    const rate = Math.round(all.length / produceSeconds);
    return [
      { suite: 'e2e-lag', metric: `produce rate achieved (${all.length} events, 3 services + broker on this host)`, value: rate, unit: 'events/s', target: `>= ${TARGET_RATE}`, pass: rate >= TARGET_RATE * 0.95 },
      { suite: 'e2e-lag', metric: `farm accounts answered by Check (of ${fx.farmAccounts.length})`, value: lags.length, unit: 'accounts' },
      { suite: 'e2e-lag', metric: 'produce -> Check reflects decision, p50', value: Math.round(percentile(lags, 50) * 100) / 100, unit: 's' },
      { suite: 'e2e-lag', metric: 'produce -> Check reflects decision, p95', value: p95, unit: 's', target: '<= 10', pass: lags.length > 0 && p95 <= 10 && rate >= TARGET_RATE * 0.95 },
    ];
  } finally {
    await decisionsReader.disconnect().catch(() => undefined);
    await run.close();
  }
}
