// Faults injected into the full pipeline (policy, featurizer, detector as real child processes on
// the test broker), each compared with one fault-free run of the same input:
//   - a second featurizer joins mid-stream (rebalance: moved partitions' state is caught up);
//   - kill -9 of the detector, then a restart;
//   - kill -9 of the active detector while a standby runs (active/standby takeover);
//   - kill -9 of the policy service, then a restart;
//   - a poison-message storm (10% of messages malformed);
//   - duplicate delivery of a batch of already-processed events.
// Each run must show: every valid event folded in exactly once (the last feature vector of each
// account counts exactly its events), every decision the policy service acknowledged still known
// after recovery, and the final set of flagged accounts equal to the fault-free run's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { farmFixture, type FarmFixture } from '../support/farm';
import { waitFor } from '../support/kafka';
import { httpGet } from '../support/processes';
import { countMismatches, expectedCounts, metricValue, PipelineRun } from '../support/pipeline';

const T0 = Date.UTC(2026, 5, 1);

describe('pipeline fault tolerance against a fault-free run', () => {
  // Same account ids in every run (each run has its own topics, groups and policy state).
  const fx: FarmFixture = farmFixture({ prefix: 'fx', t0: T0, farmSize: 30, benign: 20, hours: 2 });
  const accounts = [...fx.farmAccounts, ...fx.benignAccounts];
  const expected = expectedCounts(fx.events);
  const runs: PipelineRun[] = [];
  let baseline: string[] = [];

  async function newRun(name: string): Promise<PipelineRun> {
    const run = new PipelineRun(name);
    runs.push(run);
    await run.open();
    return run;
  }

  /** Drains the run, then checks it against the fault-free baseline. */
  async function verify(run: PipelineRun, detectorOps: () => number): Promise<void> {
    const tail = () => run.procs.map((p) => `--- ${p.name} ---\n${p.output().slice(-1500)}`).join('\n');
    await run.settle(detectorOps).catch((err: Error) => {
      throw new Error(`${err.message}\n${tail()}`);
    });
    expect(countMismatches(expected, run.featureCounts)).toEqual([]);
    // A restarted detector may deliver a run's decisions a little later: the final answer is what counts.
    let last: string[] = [];
    await waitFor('flagged accounts to equal the fault-free run', async () => {
      last = await run.flagged(accounts);
      return last.join() === baseline.join();
    }, 60_000, 500).catch(() => undefined);
    expect(last).toEqual(baseline);
    expect(await run.unknownAckedDecisions()).toBe(0);
  }

  afterAll(async () => {
    // FAULT_LOG_DIR=<dir> keeps every process's output for post-mortems.
    const dir = process.env.FAULT_LOG_DIR;
    if (dir) for (const r of runs) for (const p of r.procs) writeFileSync(join(dir, `${r.base}.${p.name}.log`), p.output());
    for (const r of runs) await r.close();
  });

  beforeAll(async () => {
    const run = await newRun('fault-free');
    await run.startPolicy();
    await run.startFeaturizer();
    const det = await run.startDetector();
    await run.watchOutputs();
    await run.produceEvents(fx.events);
    await run.settle(() => det.ops);
    expect(countMismatches(expected, run.featureCounts)).toEqual([]);
    baseline = await run.flagged(accounts);
    // The fixture's farm is blatant: a baseline that flags nothing would make every comparison vacuous.
    expect(baseline.filter((a) => fx.farmAccounts.includes(a)).length).toBeGreaterThan(fx.farmAccounts.length / 2);
  });

  it('a second featurizer joining mid-stream (rebalance) loses and double-counts nothing', async () => {
    const run = await newRun('fault-rebalance');
    await run.startPolicy();
    await run.startFeaturizer('featurizer-1');
    const det = await run.startDetector();
    await run.watchOutputs();
    const a = Math.floor(fx.events.length * 0.4);
    const b = Math.floor(fx.events.length * 0.95);
    await run.produceEvents(fx.events.slice(0, a));
    await waitFor('featurizer-1 progress', async () => (await run.committed(run.featurizerGroup, run.topics.usage)) > a / 2, 60_000, 50);
    // Keep featurizer-1 processing and committing while featurizer-2 rebuilds its state and joins:
    // the partition that moves then has events featurizer-2's startup rebuild did not see.
    let joined = false;
    const starting = run.startFeaturizer('featurizer-2').then((f) => {
      joined = true;
      return f;
    });
    let next = a;
    while (!joined && next < b) {
      const to = Math.min(next + 20, b);
      await run.produceEvents(fx.events.slice(next, to));
      next = to;
      await waitFor('featurizer-1 to commit', async () => joined || (await run.committed(run.featurizerGroup, run.topics.usage)) >= next, 60_000, 20);
    }
    const second = await starting;
    await run.produceEvents(fx.events.slice(next));
    await verify(run, () => det.ops);
    // The rebalance really moved work: the new member processed events of its own partition.
    const m = (await httpGet(second.ops, '/metrics')).body;
    expect(m).toMatch(/lockstep_consumer_messages_total\{[^}]*outcome="processed"[^}]*\} [1-9]/);
    // ...and its state for the moved partition was caught up from the usage log, not guessed.
    expect(metricValue(m, 'lockstep_feature_state_catchup_events_total')).toBeGreaterThan(0);
  });

  it('kill -9 of the detector, then a restart', async () => {
    const run = await newRun('fault-detector');
    await run.startPolicy();
    await run.startFeaturizer();
    let det = await run.startDetector('detector-1');
    await run.watchOutputs();
    const half = Math.floor(fx.events.length / 2);
    await run.produceEvents(fx.events.slice(0, half));
    await waitFor('detector progress', async () => (await run.committed(run.detectorGroup, run.topics.features)) > 0, 60_000, 50);
    det.proc.child.kill('SIGKILL');
    await det.proc.exited;
    await run.produceEvents(fx.events.slice(half));
    det = await run.startDetector('detector-2');
    await verify(run, () => det.ops);
    // The restarted detector rebuilt its population from account.features.v1 before resuming.
    const m = (await httpGet(det.ops, '/metrics')).body;
    expect(metricValue(m, 'lockstep_detector_rebuilt_features_total')).toBeGreaterThan(0);
  });

  it('active/standby: kill -9 of the active detector, the running standby takes over', async () => {
    const run = await newRun('fault-standby');
    await run.startPolicy();
    await run.startFeaturizer();
    const detectors = [await run.startDetector('detector-a'), await run.startDetector('detector-b')];
    await run.watchOutputs();
    const half = Math.floor(fx.events.length / 2);
    await run.produceEvents(fx.events.slice(0, half));
    await waitFor('detector progress', async () => (await run.committed(run.detectorGroup, run.topics.features)) > 0, 60_000, 50);
    // account.features.v1 has one partition: exactly one member holds the population, the other idles.
    const population = async (d: { ops: number }) => metricValue((await httpGet(d.ops, '/metrics')).body, 'lockstep_detector_accounts') ?? 0;
    let sizes: number[] = [];
    await waitFor('one active detector', async () => {
      sizes = await Promise.all(detectors.map(population));
      return sizes.filter((n) => n > 0).length === 1;
    }, 30_000, 200);
    const active = detectors[sizes.findIndex((n) => n > 0)]!;
    const standby = detectors[sizes.findIndex((n) => n === 0)]!;
    active.proc.child.kill('SIGKILL');
    await active.proc.exited;
    await run.produceEvents(fx.events.slice(half));
    await verify(run, () => standby.ops);
    // The standby got the partition (after the session timeout) and rebuilt the population first.
    const m = (await httpGet(standby.ops, '/metrics')).body;
    expect(metricValue(m, 'lockstep_detector_rebuilt_features_total')).toBeGreaterThan(0);
  });

  it('kill -9 of the policy service, then a restart', async () => {
    const run = await newRun('fault-policy');
    const policy = await run.startPolicy('policy-1');
    await run.startFeaturizer();
    const det = await run.startDetector();
    await run.watchOutputs();
    const half = Math.floor(fx.events.length / 2);
    await run.produceEvents(fx.events.slice(0, half));
    await waitFor('some acknowledged decisions', () => run.decisions.length > 0, 90_000, 100);
    policy.child.kill('SIGKILL');
    await policy.exited;
    await run.produceEvents(fx.events.slice(half));
    await run.startPolicy('policy-2');
    await verify(run, () => det.ops);
  });

  it('a poison-message storm (10% malformed) dead-letters exactly the malformed messages', async () => {
    const run = await newRun('fault-poison');
    await run.startPolicy();
    await run.startFeaturizer();
    const det = await run.startDetector();
    await run.watchOutputs();
    const poison = [
      'not json {',
      JSON.stringify({ event_id: 'x' }),
      JSON.stringify({ ...fx.events[0], event_id: 'poison-ts', ts: 'yesterday' }),
      JSON.stringify({ ...fx.events[0], event_id: 'poison-neg', input_tokens: -5 }),
      '[1,2,3]',
      '',
      JSON.stringify({ ...fx.events[0], event_id: 'poison-acct', account_id: 42 }),
    ];
    const values: string[] = [];
    const keys: (string | null)[] = [];
    let malformed = 0;
    fx.events.forEach((e, i) => {
      values.push(JSON.stringify(e));
      keys.push(e.account_id);
      if (i % 9 === 8) {
        values.push(poison[malformed % poison.length]!);
        keys.push(e.account_id);
        malformed++;
      }
    });
    expect(malformed / values.length).toBeGreaterThanOrEqual(0.099);
    await run.produce(values, keys);
    await verify(run, () => det.ops);
    await waitFor(`${malformed} dead letters (have ${run.dlqCount})`, () => run.dlqCount >= malformed, 30_000, 100);
    expect(run.dlqCount).toBe(malformed);
  });

  it('duplicate delivery of an already-processed batch is deduplicated by event_id', async () => {
    const run = await newRun('fault-dup');
    await run.startPolicy();
    const feat = await run.startFeaturizer();
    const det = await run.startDetector();
    await run.watchOutputs();
    const cut = Math.floor(fx.events.length * 0.6);
    await run.produceEvents(fx.events.slice(0, cut));
    await waitFor('first part processed', async () => (await run.committed(run.featurizerGroup, run.topics.usage)) >= cut, 60_000, 50);
    const redelivered = fx.events.slice(Math.floor(fx.events.length * 0.2), Math.floor(fx.events.length * 0.4));
    await run.produceEvents(redelivered);
    await run.produceEvents(fx.events.slice(cut));
    await verify(run, () => det.ops);
    // The redelivered copies reached the featurizer and were dropped there, not upstream.
    const m = (await httpGet(feat.ops, '/metrics')).body;
    expect(metricValue(m, 'lockstep_events_duplicate_total')).toBe(redelivered.length);
  });
});
