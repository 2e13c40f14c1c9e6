import { BuildContext, GROUPS, type AccountTruth, type Group, type SimAccount, type SimEvent } from './account';
import { agentToolUser, casual, developer, powerUser, publicBenchmarks, researcher, wrapperApp } from './families/people';
import { enterprise, smallTeams, students } from './families/groups';
import { burst, carefulRing, hydra, reseller } from './families/campaigns';
import { hex32, mix32, randomHex } from './hex';
import { KeyedHeap } from './heap';
import type { LabelRow } from './labels';
import { NetworkWorld } from './network';
import { Rng, seedOf } from './prng';
import { makeTemplates } from './traffic';

/** Monday 2 March 2026, 00:00 UTC. */
export const DEFAULT_START_TS = Date.UTC(2026, 2, 2);

export interface ScenarioOptions {
  seed?: number | string;
  /** Approximate number of accounts (the scale). */
  accounts?: number;
  /** Event-time duration in hours. */
  hours?: number;
  startTs?: number;
  /** Turn families on or off; unspecified families are on. */
  families?: Partial<Record<Group, boolean>>;
}

export interface ResolvedScenarioOptions {
  seed: number;
  accounts: number;
  hours: number;
  startTs: number;
  families: Record<Group, boolean>;
}

/**
 * Share of accounts per group. Small groups have a floor so that every family is present
 * even in a small scenario (a campaign of two accounts would not be a campaign).
 */
const MIX: Record<Group, { share: number; min: number }> = {
  casual: { share: 0.4, min: 20 },
  developer: { share: 0.14, min: 10 },
  power_user: { share: 0.04, min: 5 },
  agent_tool_user: { share: 0.04, min: 8 },
  enterprise_seat: { share: 0.07, min: 15 },
  enterprise_batch: { share: 0.0015, min: 1 },
  small_team: { share: 0.02, min: 6 },
  student: { share: 0.045, min: 20 },
  researcher: { share: 0.008, min: 3 },
  wrapper_app: { share: 0.0012, min: 2 },
  hydra: { share: 0.12, min: 40 },
  careful_ring: { share: 0.03, min: 12 },
  reseller: { share: 0.004, min: 4 },
  burst: { share: 0.01, min: 10 },
};

export function resolveOptions(o: ScenarioOptions = {}): ResolvedScenarioOptions {
  const accounts = o.accounts ?? 2000;
  const hours = o.hours ?? 24;
  if (!Number.isFinite(accounts) || accounts < 1) throw new RangeError('accounts must be a positive number');
  if (!Number.isFinite(hours) || hours <= 0) throw new RangeError('hours must be a positive number');
  const families = Object.fromEntries(GROUPS.map((g) => [g, o.families?.[g] ?? true])) as Record<Group, boolean>;
  return { seed: seedOf(o.seed ?? 1), accounts: Math.floor(accounts), hours, startTs: o.startTs ?? DEFAULT_START_TS, families };
}

/** How many accounts each enabled group gets at this scale. */
export function allocate(o: ResolvedScenarioOptions): Record<Group, number> {
  const enabled = GROUPS.filter((g) => o.families[g]);
  const total = enabled.reduce((s, g) => s + MIX[g].share, 0);
  const out = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<Group, number>;
  for (const g of enabled) out[g] = Math.max(MIX[g].min, Math.round((o.accounts * MIX[g].share) / total));
  return out;
}

/**
 * A labelled traffic scenario. Accounts are built up front (memory is O(accounts));
 * events are produced lazily, in ts order, by merging every account's schedule.
 */
export class Scenario {
  readonly options: ResolvedScenarioOptions;
  readonly accounts: readonly SimAccount[];
  readonly endTs: number;
  private consumed = false;
  private emitted = 0;

  constructor(options: ScenarioOptions = {}) {
    this.options = resolveOptions(options);
    const o = this.options;
    this.endTs = o.startTs + Math.round(o.hours * 3_600_000);
    const rng = new Rng(o.seed);
    const world = new NetworkWorld(rng.fork(1));
    const ctx = new BuildContext(
      rng.fork(2),
      world,
      o.startTs,
      this.endTs,
      Array.from({ length: 12 }, () => randomHex(rng, 12)),
      Array.from({ length: 4 }, () => randomHex(rng, 16)),
    );
    const n = allocate(o);
    const agent = { system: randomHex(rng, 16), ua: randomHex(rng, 12), tools: makeTemplates(rng, 30) };
    const suites = publicBenchmarks(ctx);
    const seatsOn = n.enterprise_seat;
    const batchOn = n.enterprise_batch;
    this.accounts = [
      ...casual(ctx, n.casual),
      ...developer(ctx, n.developer),
      ...powerUser(ctx, n.power_user),
      ...agentToolUser(ctx, n.agent_tool_user, agent),
      ...enterprise(ctx, seatsOn, batchOn),
      ...smallTeams(ctx, n.small_team),
      ...students(ctx, n.student),
      ...researcher(ctx, n.researcher, suites),
      ...wrapperApp(ctx, n.wrapper_app),
      ...hydra(ctx, n.hydra),
      ...carefulRing(ctx, n.careful_ring),
      ...reseller(ctx, n.reseller),
      ...burst(ctx, n.burst),
    ];
  }

  get startTs(): number {
    return this.options.startTs;
  }

  /** Number of events produced so far. */
  get eventCount(): number {
    return this.emitted;
  }

  truth(): AccountTruth[] {
    return this.accounts.map((a) => a.truth);
  }

  /**
   * The events in ts order (ties in a fixed order). Single use: the accounts' state advances.
   * Memory stays bounded by the number of accounts, whatever the duration.
   */
  *events(): Generator<SimEvent, void, undefined> {
    if (this.consumed) throw new Error('Scenario.events() can only be iterated once; create a new Scenario');
    this.consumed = true;
    const heap = new KeyedHeap<SimAccount>();
    for (const a of this.accounts) if (a.nextTs < this.endTs) heap.push(a, a.nextTs);
    const salt = mix32(this.options.seed ^ 0x5bd1e995);
    while (heap.size > 0) {
      const a = heap.peek()!;
      const c = this.emitted++;
      // Distinct for every counter value: the low half is a bijection of the counter.
      const eventId = hex32(mix32(c ^ salt)) + hex32(mix32((c + 0x9e3779b9) >>> 0));
      const e = a.emit(eventId);
      if (a.nextTs < this.endTs) heap.replaceTopKey(a.nextTs);
      else heap.pop();
      yield e;
    }
  }

  /** Labels of every account that produced at least one event, in the CSV's column order. */
  labels(): LabelRow[] {
    return this.accounts
      .filter((a) => a.firstTs >= 0)
      .map((a) => ({ account_id: a.id, label: a.truth.label, group: a.truth.group, tier: a.truth.tier, first_ts: a.firstTs }));
  }
}

export function createScenario(options: ScenarioOptions = {}): Scenario {
  return new Scenario(options);
}
