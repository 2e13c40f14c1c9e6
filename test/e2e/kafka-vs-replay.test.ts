// The streaming path (featurizer -> detector -> policy as real `lockstep serve` processes on the
// test broker) flags exactly the accounts that in-process replay flags for the same input.
//
// Both paths run the same libs (FeatureStore, Detector, PolicyEngine), but they interleave work
// differently: the services see partitions concurrently, coalesce feature vectors per chunk and
// cluster whenever a chunk's event time crosses the cadence, while replay steps event by event.
// Intermediate clustering runs therefore differ in timing; what must be equal is the state after
// the last run, which re-derives the verdict of every active account from the same final feature
// vectors. To make that last run comparable, both inputs end with one identical trailing benign
// event far enough after the scenario (past the re-cluster and model-refit cadences) to start one
// more run on both paths, and the services only get it once they have consumed everything else,
// so their last snapshot holds the same population as replay's.
// Input order: one usage partition, produced in ts order, so the featurizer sees events in
// replay's order. With several partitions consumed concurrently the interleaving differs, and
// the featurizer's shared-value filter (which decides, as each event arrives, whether another
// account has sent the same template/prompt recently) can judge a late one-event account
// differently: a known cross-partition order sensitivity, not a difference in the libs' use.
// Action TTLs: replay expires them on event time, the policy service on its wall clock. The
// detector renews standing verdicts every 3 h of event time (inside the 6 h throttle TTL), so no
// flag expires on either side within this 8 h scenario.
import { createScenario, type LabelRow } from '@lockstep/sim';
import { replayEvents } from '@lockstep/pipeline';
import { FEATURE_STORE_DEFAULTS } from '@lockstep/features';
import { isFlagged, type ActionName } from '@lockstep/contracts';
import { waitFor } from '../support/kafka';
import { httpGet } from '../support/processes';
import { metricValue, PipelineRun } from '../support/pipeline';

// The detector's default cadences (@lockstep/detection): re-cluster every 15 min, refit k-means every 30 min.
const LAST_CADENCE_MS = 30 * 60_000;

describe('Kafka pipeline vs replay on the same input', () => {
  const scenario = createScenario({ seed: 11, accounts: 500, hours: 8 });
  const events = [...scenario.events()];
  const labels: LabelRow[] = scenario.labels();
  // One event of a new benign account (a copy of a casual user's last event under a new id), after
  // everything else: it moves event time past the last cadence tick on both paths, so each ends
  // with one clustering run (with a k-means refit) over every account.
  const last = events[events.length - 1]!;
  const casual = [...events].reverse().find((e) => labels.find((l) => l.account_id === e.account_id)?.group === 'casual')!;
  const trailer = { ...casual, event_id: 'trailing-event-0001', account_id: 'trailing-account-0001', ts: last.ts + LAST_CADENCE_MS + 1000 };
  const lines = [...events, trailer].map((e) => JSON.stringify(e));
  const accounts = [...new Set([...events.map((e) => e.account_id), trailer.account_id])].sort();
  // The services' settings as replay options: both sides rate-limit feature emission alike.
  const features = { minEmitIntervalMs: FEATURE_STORE_DEFAULTS.minEmitIntervalMs };

  let run: PipelineRun;
  let replayFlagged: string[] = [];
  let replayActions = new Map<string, ActionName>();
  let replayLastRunAccounts = 0;

  beforeAll(async () => {
    const actions = new Map<string, ActionName>();
    const res = await replayEvents(lines, { features, onChange: (c) => void actions.set(c.account_id, c.action) });
    expect(res.stats.malformed).toBe(0);
    replayActions = actions;
    replayFlagged = accounts.filter((a) => isFlagged(actions.get(a) ?? 'allow'));
    replayLastRunAccounts = res.stats.pipeline.detector.lastRunAccounts;
    run = new PipelineRun('kafka-vs-replay');
    await run.open();
  });

  afterAll(async () => {
    await run?.close();
  });

  it('flags the same accounts as replay', async () => {
    // Replay's answer is non-trivial: most campaign accounts, and no enterprise account.
    const campaign = labels.filter((l) => l.label === 'campaign').map((l) => l.account_id);
    const enterprise = labels.filter((l) => l.group.startsWith('enterprise')).map((l) => l.account_id);
    expect(campaign.filter((a) => replayFlagged.includes(a)).length).toBeGreaterThan(campaign.length * 0.8);
    expect(enterprise.length).toBeGreaterThan(0);
    expect(replayFlagged.filter((a) => enterprise.includes(a))).toEqual([]);
    // The trailing run covers every account (all are within the detector's active window).
    expect(replayLastRunAccounts).toBe(accounts.length);

    await run.startPolicy();
    await run.startFeaturizer('featurizer', { LOCKSTEP_MIN_EMIT_INTERVAL_MS: String(features.minEmitIntervalMs), LOCKSTEP_PARTITIONS: '1' });
    const det = await run.startDetector();
    const tail = () => run.procs.map((p) => `--- ${p.name} ---\n${p.output().slice(-1500)}`).join('\n');
    const metrics = async () => (await httpGet(det.ops, '/metrics')).body;

    await run.produce(lines.slice(0, -1), events.map((e) => e.account_id));
    // Everything consumed and no clustering run in flight before the trailing event goes in:
    // otherwise its run could start on a partial population, or not start at all (one in flight).
    await run.settle(() => det.ops).catch((err: Error) => {
      throw new Error(`${err.message}\n${tail()}`);
    });
    const runsBefore = metricValue(await metrics(), 'lockstep_clustering_duration_seconds_count') ?? 0;
    await run.produce(lines.slice(-1), [trailer.account_id]);
    await waitFor(
      'the trailing clustering run to be applied and delivered',
      async () => {
        if ((await run.committed(run.featurizerGroup, run.topics.usage)) < run.produced) return false;
        const m = await metrics();
        return (
          (metricValue(m, 'lockstep_clustering_duration_seconds_count') ?? 0) > runsBefore &&
          metricValue(m, 'lockstep_clustering_accounts') === replayLastRunAccounts &&
          metricValue(m, 'lockstep_detector_outbox_decisions') === 0
        );
      },
      90_000,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${tail()}`);
    });

    const live = new Map<string, string>();
    for (let i = 0; i < accounts.length; i += 500) {
      const res = await run.policy.batchCheck(accounts.slice(i, i + 500));
      res.forEach((r, j) => live.set(accounts[i + j]!, r.action.toLowerCase()));
    }
    const liveFlagged = accounts.filter((a) => isFlagged((live.get(a) ?? 'allow') as ActionName));
    const differing = accounts
      .filter((a) => (replayActions.get(a) ?? 'allow') !== live.get(a))
      .map((a) => `${a} (${labels.find((l) => l.account_id === a)?.group ?? 'trailer'}): replay=${replayActions.get(a) ?? 'allow'} kafka=${live.get(a)}`);
    // The flagged sets (action >= throttle) are what the issue asks to match; every account's
    // exact action (monitor and allow included) matches too, so compare that as well.
    expect(liveFlagged).toEqual(replayFlagged);
    expect(differing).toEqual([]);
  });
});
