import { ACTIONS, type ActionName } from '@lockstep/contracts';
import { parsePolicyConfig, type PolicyConfig, type PolicyConfigInput } from './config';
import { PolicyInputError, StalePlanError } from './errors';
import { evaluate, evaluateAction, sameAnswer } from './evaluate';
import { ExpiryQueue } from './expiry-queue';
import { applyProtection, gradeAction, isAction } from './grading';
import { accountKey, overrideKey, parseKey } from './records';
import type {
  AccountState,
  AccountView,
  AuditEntry,
  CampaignView,
  CheckResult,
  ClearOverrideInput,
  EnforcementChange,
  OverrideKind,
  OverrideState,
  OverrideTargetState,
  PolicyDecisionInput,
  PolicyEvidence,
  PolicyStatus,
  SetOverrideInput,
  StateRecord,
  StateValue,
  StoredDecision,
} from './types';

/**
 * A computed but not yet applied state change. The service persists `records` and only then
 * calls `commit`, so nothing is acknowledged or streamed before it is durable.
 */
export interface Plan {
  readonly epoch: number;
  readonly nowMs: number;
  readonly accounts: Map<string, AccountState>;
  readonly accountOverrides: Map<string, OverrideTargetState>;
  readonly campaignOverrides: Map<string, OverrideTargetState>;
  readonly changes: EnforcementChange[];
  readonly records: StateRecord[];
  accepted: number;
  duplicates: number;
  /** Set by planSetOverride. */
  override: OverrideState | null;
  /** Set by planClearOverride. */
  cleared: boolean;
}

interface Draft extends Plan {
  /** Expiry-queue entries this plan took; returned to the queue unless the plan is committed. */
  borrowed: { expiresAtMs: number; id: string }[];
  newIds: Set<string>;
  before: Map<string, CheckResult>;
  forced: Set<string>;
  seq: number;
}

export interface ApplyResult {
  accepted: boolean;
  decision: StoredDecision | null;
  change: EnforcementChange | null;
}

const MAX_ID = 256;

function requireId(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new PolicyInputError(field, 'is required');
  if (v.length > MAX_ID) throw new PolicyInputError(field, `must be at most ${MAX_ID} characters`);
  return v;
}

function target(input: { account_id?: string | null; campaign_id?: string | null }): { kind: OverrideKind; id: string } {
  const a = input.account_id ?? '';
  const c = input.campaign_id ?? '';
  if (a && c) throw new PolicyInputError('target', 'set account_id or campaign_id, not both');
  if (a) return { kind: 'account', id: requireId(a, 'account_id') };
  if (c) return { kind: 'campaign', id: requireId(c, 'campaign_id') };
  throw new PolicyInputError('target', 'account_id or campaign_id is required');
}

export class PolicyEngine {
  readonly config: PolicyConfig;
  private readonly accounts = new Map<string, AccountState>();
  private readonly accountOverrides = new Map<string, OverrideTargetState>();
  private readonly campaignOverrides = new Map<string, OverrideTargetState>();
  private readonly campaigns = new Map<string, Set<string>>();
  /** Accounts whose automatic action has an expiry not yet announced, by expiry time. */
  private readonly expiries = new ExpiryQueue();
  private pendingExpiries = 0;
  private borrowed: { expiresAtMs: number; id: string }[] = [];
  private readonly listeners = new Set<(changes: readonly EnforcementChange[]) => void>();
  private log: EnforcementChange[] = [];
  /** Resumes from below this sequence need a snapshot (the log no longer holds them). */
  private logFloor = 0;
  private seq = 0;
  private epoch = 0;
  /** The evidence of the last decision stored: what storedEvidence() shares identical items with. */
  private lastEvidence: readonly PolicyEvidence[] = [];

  constructor(config: PolicyConfigInput | PolicyConfig = {}) {
    this.config = parsePolicyConfig(config);
  }

  get sequence(): number {
    return this.seq;
  }

  // ---- hot path -------------------------------------------------------------------------

  check(accountId: string, nowMs: number): CheckResult {
    return this.checkOf(this.accounts.get(accountId), accountId, nowMs);
  }

  /** check() of an account whose record (`acc`, this.accounts.get(accountId)) the caller already holds. */
  private checkOf(acc: AccountState | undefined, accountId: string, nowMs: number): CheckResult {
    const co = acc && acc.campaign_id !== '' && this.campaignOverrides.size > 0 ? this.campaignOverrides.get(acc.campaign_id) : undefined;
    return evaluate(acc, this.accountOverrides.size > 0 ? this.accountOverrides.get(accountId) : undefined, co, this.config, nowMs);
  }

  /** check(accountId, nowMs).action, without building the answer. */
  actionOf(accountId: string, nowMs: number): ActionName {
    const acc = this.accounts.get(accountId);
    const co = acc && acc.campaign_id !== '' && this.campaignOverrides.size > 0 ? this.campaignOverrides.get(acc.campaign_id) : undefined;
    return evaluateAction(acc, this.accountOverrides.size > 0 ? this.accountOverrides.get(accountId) : undefined, co, this.config, nowMs);
  }

  /**
   * Plans and commits one decision (for in-process use such as replay): the same state, sequence
   * numbers, change log and listener calls as commit(planDecisions([decision], nowMs)), without
   * the general plan's maps and sets (replay applies every detector decision this way).
   */
  applyDecision(decision: PolicyDecisionInput, nowMs: number): ApplyResult {
    const stored = this.toStored(decision, nowMs, 'decisions[0]');
    const id = stored.account_id;
    const base = this.accounts.get(id);
    // Committing any plan, even one that changes nothing, makes plans drafted before it stale.
    this.epoch++;
    if (base !== undefined && holdsDecision(base.history, stored.decision_id)) return { accepted: false, decision: null, change: null };
    const before = this.checkOf(base, id, nowMs);
    const acc: AccountState = base ? copyAccount(base) : newAccount(id);
    this.addDecision(acc, stored);
    const co = acc.campaign_id ? this.campaignOverrides.get(acc.campaign_id) : undefined;
    const after = evaluate(acc, this.accountOverrides.get(id), co, this.config, nowMs);
    let change: EnforcementChange | null = null;
    if (!sameAnswer(before, after)) {
      change = changeOf(this.seq + 1, id, nowMs, after);
      acc.seq = change.sequence;
    }
    this.installAccount(acc);
    if (change) {
      const changes = [change];
      this.seq = change.sequence;
      this.log.push(change);
      this.trimLog();
      for (const l of this.listeners) l(changes);
    }
    // The history holds no other decision of this id (checked above): `stored`, unless the limit dropped it.
    return { accepted: true, decision: acc.history.includes(stored) ? stored : null, change };
  }

  applyDecisions(decisions: readonly PolicyDecisionInput[], nowMs: number): Plan {
    const plan = this.planDecisions(decisions, nowMs);
    this.commit(plan);
    return plan;
  }

  setOverride(input: SetOverrideInput, nowMs: number): OverrideState {
    const plan = this.planSetOverride(input, nowMs);
    this.commit(plan);
    return plan.override!;
  }

  clearOverride(input: ClearOverrideInput, nowMs: number): boolean {
    const plan = this.planClearOverride(input, nowMs);
    this.commit(plan);
    return plan.cleared;
  }

  /** Announces expired automatic actions and overrides as changes. */
  expire(nowMs: number): EnforcementChange[] {
    const plan = this.planExpiry(nowMs);
    this.commit(plan);
    return plan.changes;
  }

  // ---- planning ---------------------------------------------------------------------------

  planDecisions(decisions: readonly PolicyDecisionInput[], nowMs: number, field = 'decisions'): Plan {
    const d = this.draft(nowMs);
    decisions.forEach((dec, i) => {
      const f = `${field}[${i}]`;
      const stored = this.toStored(dec, nowMs, f);
      // Idempotency by decision_id within the account's retained history (a decision id names one
      // account's decision; no global index of every id is kept, so a rebuild does not build one).
      if (d.newIds.has(stored.decision_id) || this.accounts.get(stored.account_id)?.history.some((h) => h.decision_id === stored.decision_id)) {
        d.duplicates++;
        return;
      }
      d.newIds.add(stored.decision_id);
      d.accepted++;
      this.addDecision(this.draftAccount(d, stored.account_id), stored);
    });
    return this.finish(d);
  }

  /** Adds a decision to a (draft) account's history; it becomes current unless a newer one is. */
  private addDecision(acc: AccountState, stored: StoredDecision): void {
    const h = acc.history;
    h.push(stored);
    if (h.length > 1 && h[h.length - 2].event_ts_ms > stored.event_ts_ms) h.sort((a, b) => a.event_ts_ms - b.event_ts_ms);
    // One over the limit (the usual case): shift() drops it without allocating splice()'s answer.
    if (h.length === this.config.historyLimit + 1) h.shift();
    else if (h.length > this.config.historyLimit) h.splice(0, h.length - this.config.historyLimit);
    // Out-of-order decisions are remembered but never replace a newer one.
    if (!acc.current || stored.event_ts_ms >= acc.current.event_ts_ms) {
      acc.current = stored;
      acc.expiry_announced = false;
      acc.tier = stored.tier;
      acc.verified = stored.verified;
      acc.campaign_id = stored.campaign_id;
    }
  }

  planSetOverride(input: SetOverrideInput, nowMs: number): Plan {
    const t = target(input);
    if (!isAction(input.action)) throw new PolicyInputError('action', `must be one of ${ACTIONS.join(', ')}`);
    const reason = requireText(input.reason, 'reason');
    const actor = requireText(input.actor, 'actor');
    const ttl = input.ttl_ms ?? 0;
    if (!Number.isInteger(ttl) || ttl < 0) throw new PolicyInputError('ttl_ms', 'must be a non-negative integer');
    if (ttl > this.config.overrides.maxTtlMs) throw new PolicyInputError('ttl_ms', `must be at most ${this.config.overrides.maxTtlMs}`);
    const d = this.draft(nowMs);
    const o = this.draftOverride(d, t.kind, t.id);
    const ov: OverrideState = {
      // No raw account or campaign id in the override id: it is logged.
      override_id: `ovr-${t.kind}-${nowMs.toString(36)}-${this.seq + 1}`,
      kind: t.kind,
      target_id: t.id,
      action: input.action,
      reason,
      actor,
      created_at_ms: nowMs,
      expires_at_ms: nowMs + (ttl || this.config.overrides.defaultTtlMs),
    };
    o.active = ov;
    this.audit(o, { at_ms: nowMs, actor, what: `set ${ov.action} override ${ov.override_id} until ${ov.expires_at_ms}`, reason });
    d.override = ov;
    return this.finish(d);
  }

  planClearOverride(input: ClearOverrideInput, nowMs: number): Plan {
    const t = target(input);
    const actor = requireText(input.actor, 'actor');
    const reason = typeof input.reason === 'string' ? input.reason : '';
    const d = this.draft(nowMs);
    const base = (t.kind === 'account' ? this.accountOverrides : this.campaignOverrides).get(t.id);
    const live = base?.active && (base.active.expires_at_ms === 0 || base.active.expires_at_ms > nowMs);
    if (live) {
      const o = this.draftOverride(d, t.kind, t.id);
      this.audit(o, { at_ms: nowMs, actor, what: `cleared override ${o.active!.override_id}`, reason });
      o.active = null;
      d.cleared = true;
    }
    return this.finish(d);
  }

  planExpiry(nowMs: number, limit = 10_000): Plan {
    const d = this.draft(nowMs);
    // Entries an earlier, uncommitted expiry plan took go back first.
    for (const b of this.borrowed) this.expiries.push(b.expiresAtMs, b.id);
    this.borrowed = d.borrowed;
    let n = 0;
    while (n < limit) {
      const top = this.expiries.peek();
      if (!top || top.expiresAtMs > nowMs) break;
      this.expiries.pop();
      if (!this.pendingAt(top.expiresAtMs, top.id)) continue;
      d.borrowed.push(top);
      this.touch(d, top.id);
      d.forced.add(top.id);
      this.draftAccount(d, top.id).expiry_announced = true;
      n++;
    }
    for (const [kind, map] of [['account', this.accountOverrides], ['campaign', this.campaignOverrides]] as const) {
      for (const [id, o] of map) {
        const a = o.active;
        if (!a || a.expires_at_ms === 0 || a.expires_at_ms > nowMs) continue;
        const draft = this.draftOverride(d, kind, id);
        for (const acc of kind === 'account' ? [id] : this.campaigns.get(id) ?? []) d.forced.add(acc);
        this.audit(draft, { at_ms: nowMs, actor: 'system', what: `override ${a.override_id} expired`, reason: 'ttl' });
        draft.active = null;
      }
    }
    return this.finish(d);
  }

  /** Applies a plan made against the current state (throws StalePlanError otherwise). */
  commit(plan: Plan): readonly EnforcementChange[] {
    if (plan.epoch !== this.epoch) throw new StalePlanError();
    this.epoch++;
    if ((plan as Draft).borrowed === this.borrowed) this.borrowed = [];
    for (const acc of plan.accounts.values()) this.installAccount(acc);
    for (const [id, o] of plan.accountOverrides) this.accountOverrides.set(id, o);
    for (const [id, o] of plan.campaignOverrides) this.campaignOverrides.set(id, o);
    if (plan.changes.length > 0) {
      this.seq = plan.changes[plan.changes.length - 1].sequence;
      for (const c of plan.changes) this.log.push(c);
      this.trimLog();
      for (const l of this.listeners) l(plan.changes);
    }
    return plan.changes;
  }

  // ---- state records (compacted topic) ----------------------------------------------------

  /** Loads one record read back from the compacted topic (later records for a key replace earlier ones). */
  loadRecord(key: string, value: StateValue | null): void {
    const k = parseKey(key);
    if (!k) return;
    if (k.type === 'account') {
      if (value === null) this.removeAccount(k.id);
      else this.installAccount(shareCurrent(value as AccountState));
    } else {
      const map = k.kind === 'account' ? this.accountOverrides : this.campaignOverrides;
      if (value === null) map.delete(k.id);
      else map.set(k.id, value as OverrideTargetState);
    }
    if (value && value.seq > this.seq) this.seq = value.seq;
    this.logFloor = this.seq;
    if (this.log.length > 0) this.log = [];
    this.epoch++;
  }

  /**
   * Applies state the single writer (another process) already made durable and committed: its
   * records and the changes they caused, under the writer's sequence numbers, so every replica
   * streams the same WatchDecisions sequence. Changes at or below this replica's sequence are
   * already part of its state (read back from the topic) and are not announced again.
   */
  applyReplicated(records: readonly StateRecord[], changes: readonly EnforcementChange[]): readonly EnforcementChange[] {
    const fresh = changes.filter((c) => c.sequence > this.seq);
    let seq = this.seq;
    for (const r of records) {
      const k = parseKey(r.key);
      if (!k) continue;
      if (k.type === 'account') this.installAccount(shareCurrent(r.value as AccountState));
      else (k.kind === 'account' ? this.accountOverrides : this.campaignOverrides).set(k.id, r.value as OverrideTargetState);
      if (r.value.seq > seq) seq = r.value.seq;
    }
    this.epoch++;
    if (fresh.length > 0) {
      seq = Math.max(seq, fresh[fresh.length - 1].sequence);
      for (const c of fresh) this.log.push(c);
      this.seq = seq;
      this.trimLog();
      for (const l of this.listeners) l(fresh);
    } else {
      this.seq = seq;
    }
    return fresh;
  }

  /** Every record needed to rebuild the current state. */
  *records(): Generator<StateRecord> {
    for (const [id, v] of this.accounts) yield { key: accountKey(id), value: v };
    for (const [id, v] of this.accountOverrides) yield { key: overrideKey('account', id), value: v };
    for (const [id, v] of this.campaignOverrides) yield { key: overrideKey('campaign', id), value: v };
  }

  // ---- views ------------------------------------------------------------------------------

  onChange(listener: (changes: readonly EnforcementChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Changes after `fromSequence`, oldest first. When the log no longer reaches back that far the
   * answer is a snapshot: the current state of every account changed since then, at its last sequence.
   */
  changesSince(fromSequence: number, nowMs: number): EnforcementChange[] {
    if (fromSequence >= this.logFloor) {
      let lo = 0;
      let hi = this.log.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.log[mid].sequence <= fromSequence) lo = mid + 1;
        else hi = mid;
      }
      return this.log.slice(lo);
    }
    const out: EnforcementChange[] = [];
    const ids = new Set<string>([...this.accounts.keys(), ...this.accountOverrides.keys()]);
    for (const id of ids) {
      const acc = this.accounts.get(id);
      const ao = this.accountOverrides.get(id);
      const co = acc && acc.campaign_id ? this.campaignOverrides.get(acc.campaign_id) : undefined;
      const seq = Math.max(acc?.seq ?? 0, ao?.seq ?? 0, co?.seq ?? 0);
      if (seq <= fromSequence) continue;
      out.push({ sequence: seq, account_id: id, changed_at_ms: nowMs, ...evaluate(acc, ao, co, this.config, nowMs) });
    }
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  getAccount(accountId: string, nowMs: number): AccountView {
    const acc = this.accounts.get(accountId);
    const ao = this.accountOverrides.get(accountId);
    const co = acc && acc.campaign_id ? this.campaignOverrides.get(acc.campaign_id) : undefined;
    const overrides = [ao?.active, co?.active].filter((o): o is OverrideState => !!o && (o.expires_at_ms === 0 || o.expires_at_ms > nowMs));
    const audit = [...(ao?.audit ?? []), ...(co?.audit ?? [])].sort((a, b) => a.at_ms - b.at_ms);
    return {
      account_id: accountId,
      current: this.check(accountId, nowMs),
      history: acc ? [...acc.history].reverse() : [],
      overrides,
      audit,
      needs_review: acc?.current?.needs_review ?? false,
    };
  }

  getCampaign(campaignId: string, nowMs: number): CampaignView | null {
    const members = this.campaigns.get(campaignId);
    if (!members || members.size === 0) return null;
    const ids = [...members].sort();
    const bySignal = new Map<string, PolicyEvidence>();
    let first = Infinity;
    let last = 0;
    let score = 0;
    let summary = '';
    let summaryTs = -1;
    for (const id of ids) {
      const acc = this.accounts.get(id)!;
      for (const h of acc.history) {
        if (h.campaign_id !== campaignId) continue;
        first = Math.min(first, h.event_ts_ms);
        last = Math.max(last, h.event_ts_ms);
      }
      const cur = acc.current!;
      score = Math.max(score, cur.score);
      if (cur.event_ts_ms > summaryTs) {
        summaryTs = cur.event_ts_ms;
        summary = cur.summary;
      }
      for (const e of cur.evidence) {
        const prev = bySignal.get(e.signal);
        if (!prev || e.weight > prev.weight) bySignal.set(e.signal, e);
      }
    }
    return {
      campaign_id: campaignId,
      members: ids,
      evidence: [...bySignal.values()].sort((a, b) => b.weight - a.weight),
      first_seen_ms: first === Infinity ? 0 : first,
      last_seen_ms: last,
      score,
      summary,
      member_actions: ids.map((id) => this.check(id, nowMs).action),
    };
  }

  /** Campaigns, most recently seen first. */
  listCampaigns(limit: number, nowMs: number): CampaignView[] {
    const views: CampaignView[] = [];
    for (const id of this.campaigns.keys()) {
      const v = this.getCampaign(id, nowMs);
      if (v) views.push(v);
    }
    views.sort((a, b) => b.last_seen_ms - a.last_seen_ms || a.campaign_id.localeCompare(b.campaign_id));
    return views.slice(0, limit);
  }

  status(nowMs: number): PolicyStatus {
    const byAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<ActionName, number>;
    for (const id of this.accounts.keys()) byAction[this.check(id, nowMs).action]++;
    let overrides = 0;
    for (const m of [this.accountOverrides, this.campaignOverrides]) {
      for (const o of m.values()) if (o.active && (o.active.expires_at_ms === 0 || o.active.expires_at_ms > nowMs)) overrides++;
    }
    return {
      accounts: this.accounts.size,
      campaigns: this.campaigns.size,
      overrides,
      sequence: this.seq,
      accounts_by_action: byAction,
      shadow_mode: this.config.shadow.global,
    };
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  // ---- internals --------------------------------------------------------------------------

  private toStored(dec: PolicyDecisionInput, nowMs: number, f: string): StoredDecision {
    if (!dec || typeof dec !== 'object') throw new PolicyInputError(f, 'must be an object');
    const decisionId = requireId(dec.decision_id, `${f}.decision_id`);
    const accountId = requireId(dec.account_id, `${f}.account_id`);
    if (typeof dec.score !== 'number' || !Number.isFinite(dec.score)) throw new PolicyInputError(`${f}.score`, 'must be a finite number');
    if (dec.action != null && !isAction(dec.action)) throw new PolicyInputError(`${f}.action`, `must be one of ${ACTIONS.join(', ')}`);
    const ts = dec.event_ts_ms || dec.event_ts || nowMs;
    if (!Number.isFinite(ts) || ts < 0) throw new PolicyInputError(`${f}.event_ts_ms`, 'must be a non-negative number');
    const evidence = storedEvidence(dec.evidence ?? [], f, this.lastEvidence);
    this.lastEvidence = evidence;
    const tier = dec.tier ?? '';
    const verified = dec.verified === true;
    const graded = gradeAction(dec.score, evidence, dec.action, this.config);
    const p = applyProtection(graded, tier, verified, this.config);
    return {
      decision_id: decisionId,
      account_id: accountId,
      action: p.action,
      proposed_action: dec.action ?? graded,
      score: dec.score,
      campaign_id: dec.campaign_id ?? '',
      event_ts_ms: ts,
      evidence,
      summary: dec.summary ?? '',
      tier,
      verified,
      capped: p.capped,
      needs_review: p.needsReview,
      applied_at_ms: nowMs,
      expires_at_ms: p.action === 'allow' ? 0 : nowMs + this.config.ttlMs[p.action],
    };
  }

  private draft(nowMs: number): Draft {
    return {
      epoch: this.epoch,
      nowMs,
      accounts: new Map(),
      accountOverrides: new Map(),
      campaignOverrides: new Map(),
      changes: [],
      records: [],
      accepted: 0,
      duplicates: 0,
      override: null,
      cleared: false,
      borrowed: [],
      newIds: new Set(),
      before: new Map(),
      forced: new Set(),
      seq: this.seq,
    };
  }

  /** Remembers an account's answer before the plan touches anything that affects it. */
  private touch(d: Draft, accountId: string): void {
    if (!d.before.has(accountId)) d.before.set(accountId, this.check(accountId, d.nowMs));
  }

  private draftAccount(d: Draft, id: string): AccountState {
    let acc = d.accounts.get(id);
    if (acc) return acc;
    this.touch(d, id);
    const base = this.accounts.get(id);
    acc = base
      ? { ...base, history: [...base.history] }
      : { type: 'account', account_id: id, tier: '', verified: false, campaign_id: '', current: null, history: [], expiry_announced: false, seq: 0 };
    d.accounts.set(id, acc);
    return acc;
  }

  private draftOverride(d: Draft, kind: OverrideKind, id: string): OverrideTargetState {
    const map = kind === 'account' ? d.accountOverrides : d.campaignOverrides;
    let o = map.get(id);
    if (o) return o;
    for (const acc of kind === 'account' ? [id] : (this.campaigns.get(id) ?? [])) this.touch(d, acc);
    const base = (kind === 'account' ? this.accountOverrides : this.campaignOverrides).get(id);
    o = base ? { ...base, audit: [...base.audit] } : { type: 'override', kind, target_id: id, active: null, audit: [], seq: 0 };
    map.set(id, o);
    return o;
  }

  private audit(o: OverrideTargetState, entry: AuditEntry): void {
    o.audit.push(entry);
    if (o.audit.length > this.config.auditLimit) o.audit.splice(0, o.audit.length - this.config.auditLimit);
  }

  private draftCheck(d: Draft, id: string): CheckResult {
    const acc = d.accounts.get(id) ?? this.accounts.get(id);
    const cid = acc?.campaign_id ?? '';
    const co = cid ? (d.campaignOverrides.get(cid) ?? this.campaignOverrides.get(cid)) : undefined;
    return evaluate(acc, d.accountOverrides.get(id) ?? this.accountOverrides.get(id), co, this.config, d.nowMs);
  }

  private finish(d: Draft): Plan {
    for (const [id, before] of d.before) {
      const after = this.draftCheck(d, id);
      if (!d.forced.has(id) && sameAnswer(before, after)) continue;
      d.seq++;
      d.changes.push({ sequence: d.seq, account_id: id, changed_at_ms: d.nowMs, ...after });
      const acc = d.accounts.get(id);
      if (acc) acc.seq = d.seq;
    }
    // Override records carry the newest sequence they caused so a restart never reuses one.
    for (const o of [...d.accountOverrides.values(), ...d.campaignOverrides.values()]) o.seq = Math.max(o.seq, d.seq);
    for (const acc of d.accounts.values()) d.records.push({ key: accountKey(acc.account_id), value: acc });
    for (const o of d.accountOverrides.values()) d.records.push({ key: overrideKey('account', o.target_id), value: o });
    for (const o of d.campaignOverrides.values()) d.records.push({ key: overrideKey('campaign', o.target_id), value: o });
    return d;
  }

  private installAccount(acc: AccountState): void {
    const old = this.accounts.get(acc.account_id);
    if (old) {
      if (old.campaign_id && old.campaign_id !== acc.campaign_id) {
        const s = this.campaigns.get(old.campaign_id);
        s?.delete(acc.account_id);
        if (s && s.size === 0) this.campaigns.delete(old.campaign_id);
      }
    }
    if (acc.campaign_id) {
      let s = this.campaigns.get(acc.campaign_id);
      if (!s) this.campaigns.set(acc.campaign_id, (s = new Set()));
      s.add(acc.account_id);
    }
    const wasPending = !!old && isPending(old);
    const nowPending = isPending(acc);
    this.pendingExpiries += Number(nowPending) - Number(wasPending);
    if (nowPending && (!wasPending || old!.current!.expires_at_ms !== acc.current!.expires_at_ms)) {
      this.expiries.push(acc.current!.expires_at_ms, acc.account_id);
    }
    this.accounts.set(acc.account_id, acc);
    // Renewals leave stale entries behind; drop them once they outnumber the live ones.
    if (this.expiries.size > 2 * this.pendingExpiries + 1024) {
      this.expiries.compact((at, id) => this.pendingAt(at, id));
    }
  }

  /** Whether (expiresAtMs, id) is still the unannounced expiry of that account's current decision. */
  private pendingAt(expiresAtMs: number, id: string): boolean {
    const acc = this.accounts.get(id);
    return !!acc && isPending(acc) && acc.current!.expires_at_ms === expiresAtMs;
  }

  private removeAccount(id: string): void {
    const old = this.accounts.get(id);
    if (!old) return;
    this.installAccount({ ...old, campaign_id: '', history: [], current: null });
    this.accounts.delete(id);
  }

  private trimLog(): void {
    const limit = this.config.changeLogLimit;
    // Trim in chunks so the amortised cost per change stays constant.
    if (this.log.length > limit + Math.max(1, limit >> 3)) {
      const drop = this.log.length - limit;
      this.logFloor = this.log[drop - 1].sequence;
      this.log = this.log.slice(drop);
    }
  }
}

/** Whether a history holds a decision of this id (the idempotency check of every decision applied). */
function holdsDecision(history: readonly StoredDecision[], decisionId: string): boolean {
  for (let i = 0; i < history.length; i++) if (history[i].decision_id === decisionId) return true;
  return false;
}

/**
 * A decision's evidence, checked and copied (the caller keeps its own objects). An item equal to the
 * same item of `prev` (the previous decision's, never mutated) is shared instead of copied: decisions
 * come in runs of one campaign's accounts carrying its evidence, and histories keep them for long.
 */
function storedEvidence(list: readonly PolicyEvidence[], f: string, prev: readonly PolicyEvidence[]): PolicyEvidence[] {
  const out: PolicyEvidence[] = [];
  for (let j = 0; j < list.length; j++) {
    const e = list[j];
    if (!e || typeof e.signal !== 'string' || e.signal === '') throw new PolicyInputError(`${f}.evidence[${j}].signal`, 'is required');
    if (typeof e.weight !== 'number' || !Number.isFinite(e.weight)) throw new PolicyInputError(`${f}.evidence[${j}].weight`, 'must be a finite number');
    const value = Number.isFinite(e.value) ? e.value : 0;
    const detail = e.detail ?? '';
    const p = j < prev.length ? prev[j] : undefined;
    if (p !== undefined && p.signal === e.signal && Object.is(p.value, value) && Object.is(p.weight, e.weight) && p.detail === detail) out.push(p);
    else out.push({ signal: e.signal, value, weight: e.weight, detail });
  }
  return out;
}

/** An account record as first created. (Both literals list the fields in one order: one object shape.) */
function newAccount(id: string): AccountState {
  return { type: 'account', account_id: id, tier: '', verified: false, campaign_id: '', current: null, history: [], expiry_announced: false, seq: 0 };
}

/** A copy of an account record to change (its history too), field by field rather than spread: one shape, no generic copy. */
function copyAccount(a: AccountState): AccountState {
  return {
    type: 'account',
    account_id: a.account_id,
    tier: a.tier,
    verified: a.verified,
    campaign_id: a.campaign_id,
    current: a.current,
    history: a.history.slice(),
    expiry_announced: a.expiry_announced,
    seq: a.seq,
  };
}

/** The change announcing `after` (the fields of { sequence, account_id, changed_at_ms, ...after }, in that order). */
function changeOf(sequence: number, accountId: string, nowMs: number, after: CheckResult): EnforcementChange {
  return {
    sequence,
    account_id: accountId,
    changed_at_ms: nowMs,
    action: after.action,
    reason_code: after.reason_code,
    campaign_id: after.campaign_id,
    decision_id: after.decision_id,
    expires_at_ms: after.expires_at_ms,
  };
}

function isPending(acc: AccountState): boolean {
  return !!acc.current && acc.current.expires_at_ms > 0 && !acc.expiry_announced;
}

/** A decoded record holds `current` twice (also in history); keep one object to halve rebuilt memory. */
function shareCurrent(acc: AccountState): AccountState {
  const cur = acc.current;
  if (cur) {
    for (let i = acc.history.length - 1; i >= 0; i--) {
      if (acc.history[i].decision_id === cur.decision_id) {
        acc.current = acc.history[i];
        break;
      }
    }
  }
  return acc;
}

function requireText(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new PolicyInputError(field, 'is required');
  if (v.length > 1024) throw new PolicyInputError(field, 'must be at most 1024 characters');
  return v;
}
