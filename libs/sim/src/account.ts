import type { Tier } from '@lockstep/contracts';
import { randomHex } from './hex';
import type { NetFields, NetProfile, NetworkWorld } from './network';
import type { Rng } from './prng';
import type { Clock } from './timing';
import type { RequestFields, Traffic } from './traffic';

export const CAMPAIGN_GROUPS = ['hydra', 'careful_ring', 'reseller', 'burst'] as const;
export const BENIGN_GROUPS = [
  'casual',
  'developer',
  'power_user',
  'agent_tool_user',
  'enterprise_seat',
  'enterprise_batch',
  'small_team',
  'student',
  'researcher',
  'wrapper_app',
] as const;
export const GROUPS = [...BENIGN_GROUPS, ...CAMPAIGN_GROUPS] as const;
export type CampaignGroup = (typeof CAMPAIGN_GROUPS)[number];
export type BenignGroup = (typeof BENIGN_GROUPS)[number];
export type Group = (typeof GROUPS)[number];
export type Label = 'benign' | 'campaign';

export function labelOf(group: Group): Label {
  return (CAMPAIGN_GROUPS as readonly string[]).includes(group) ? 'campaign' : 'benign';
}

/** Ground truth about one simulated account (richer than the labels CSV). */
export interface AccountTruth {
  account_id: string;
  label: Label;
  group: Group;
  tier: Tier;
  verified: boolean;
  /** The campaign instance (e.g. "hydra-1") for campaign accounts. */
  campaign?: string;
  /** The benign unit an account belongs to (an org, a cohort, a team), when it has one. */
  unit?: string;
  /** A farm head that joined after the scenario started, replacing a retired one. */
  newHead?: boolean;
}

/** Every field of an api.usage.v1 event, all present (optional ones may be null). */
export interface SimEvent extends NetFields, RequestFields {
  event_id: string;
  ts: number;
  account_id: string;
  org_id: string | null;
  tier: Tier;
  verified: boolean;
  account_created_ts: number;
  payment_fp: string | null;
  api_key_id: string | null;
  ua_hash: string | null;
}

export interface Identity {
  tier: Tier;
  verified: boolean;
  createdTs: number;
  orgId?: string | null;
  paymentFp?: string | null;
  uaHash?: string | null;
  apiKeys?: number;
}

/** One simulated account: who it is, when it acts, where from, and what it asks. */
export class SimAccount {
  nextTs: number;
  firstTs = -1;
  events = 0;
  readonly apiKeys: string[];

  constructor(
    readonly truth: AccountTruth,
    readonly identity: Identity,
    readonly clock: Clock,
    readonly net: NetProfile,
    readonly traffic: Traffic,
    readonly rng: Rng,
    startTs: number,
  ) {
    const n = identity.apiKeys ?? 1;
    this.apiKeys = Array.from({ length: n }, () => `key_${randomHex(rng, 8)}`);
    this.nextTs = clock.next(startTs, rng);
  }

  get id(): string {
    return this.truth.account_id;
  }

  /** Builds the request scheduled at nextTs and schedules the following one. */
  emit(eventId: string): SimEvent {
    const ts = this.nextTs;
    const id = this.identity;
    const rng = this.rng;
    const e: SimEvent = {
      event_id: eventId,
      ts,
      account_id: this.truth.account_id,
      org_id: id.orgId ?? null,
      tier: id.tier,
      verified: id.verified,
      account_created_ts: id.createdTs,
      payment_fp: id.paymentFp ?? null,
      api_key_id: this.apiKeys.length === 1 ? this.apiKeys[0]! : this.apiKeys[rng.int(this.apiKeys.length)]!,
      ip: '',
      asn: 0,
      ip_class: null,
      ua_hash: id.uaHash ?? null,
      model: '',
      endpoint: null,
      input_tokens: 0,
      output_tokens: 0,
      max_tokens: null,
      temperature: null,
      stream: null,
      tool_count: null,
      turns: null,
      status: null,
      latency_ms: null,
      template_hash: null,
      system_hash: null,
      prompt_simhash: '',
      category: 'chat',
      lang: null,
      cot_request: null,
      rubric_request: null,
    };
    this.net.apply(e, ts, this.clock.sessionStart, rng);
    this.traffic.fill(e, ts, rng);
    if (this.firstTs < 0) this.firstTs = ts;
    this.events++;
    this.nextTs = this.clock.next(ts, rng);
    return e;
  }
}

/** Shared state for building a population: the network, the clock range, id uniqueness. */
export class BuildContext {
  private readonly ids = new Set<string>();
  private streams = 0;

  constructor(
    readonly rng: Rng,
    readonly world: NetworkWorld,
    readonly startTs: number,
    readonly endTs: number,
    /** Popular client user agents and official system prompts shared by ordinary users. */
    readonly commonUas: readonly string[],
    readonly officialSystemHashes: readonly string[],
  ) {}

  get durationMs(): number {
    return this.endTs - this.startTs;
  }

  accountId(): string {
    for (;;) {
      const id = `acct_${randomHex(this.rng, 10)}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  /** An independent random stream for one account, so accounts do not perturb each other. */
  accountRng(): Rng {
    return this.rng.fork(++this.streams);
  }

  hex(chars: number): string {
    return randomHex(this.rng, chars);
  }

  /** A creation time `minDays`..`maxDays` before `ts`. */
  createdBefore(ts: number, minDays: number, maxDays: number): number {
    return Math.floor(ts - this.rng.uniform(minDays, maxDays) * 86_400_000);
  }

  commonUa(): string {
    return this.rng.pick(this.commonUas);
  }

  account(
    truth: Omit<AccountTruth, 'label' | 'account_id' | 'tier' | 'verified'>,
    identity: Identity,
    parts: { clock: Clock; net: NetProfile; traffic: Traffic; rng?: Rng; startTs?: number },
  ): SimAccount {
    const full: AccountTruth = {
      account_id: this.accountId(),
      label: labelOf(truth.group),
      tier: identity.tier,
      verified: identity.verified,
      ...truth,
    };
    return new SimAccount(full, identity, parts.clock, parts.net, parts.traffic, parts.rng ?? this.accountRng(), parts.startTs ?? this.startTs);
  }
}
