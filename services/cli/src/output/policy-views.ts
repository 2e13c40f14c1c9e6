import { ACTIONS, fromProtoAction, type policyv1 } from '@lockstep/contracts';
import { formatDuration, formatFields, formatNumber, formatTable, formatTime } from './table';

/** Proto action ('SUSPEND', 5, 'ACTION_UNSPECIFIED') -> 'suspend' | '-'. */
export function actionText(action: string | number | null | undefined): string {
  if (action === null || action === undefined || action === 'ACTION_UNSPECIFIED' || action === 0) return '-';
  try {
    return fromProtoAction(action);
  } catch {
    return String(action).toLowerCase();
  }
}

function section(title: string, body: string): string {
  return `\n${title}\n${body}`;
}

function evidenceTable(evidence: readonly policyv1.Evidence__Output[]): string {
  return formatTable(evidence, [
    { header: 'SIGNAL', value: (e) => e.signal },
    { header: 'VALUE', value: (e) => e.value },
    { header: 'WEIGHT', value: (e) => e.weight },
    { header: 'DETAIL', value: (e) => e.detail, maxWidth: 80 },
  ]);
}

/** "suspend 12, throttle 3" in decreasing severity. */
export function actionCounts(actions: ReadonlyArray<string | number>): string {
  const counts = new Map<string, number>();
  for (const a of actions) counts.set(actionText(a), (counts.get(actionText(a)) ?? 0) + 1);
  const order = [...ACTIONS].reverse() as string[];
  return [...counts.entries()]
    .sort(([a], [b]) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)))
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
}

export function renderStatus(s: policyv1.GetStatusResponse__Output, server: string, nowMs: number): string {
  const byAction = ACTIONS.map((a) => ({ action: a, accounts: Number(s.accounts_by_action?.[a] ?? s.accounts_by_action?.[a.toUpperCase()] ?? 0) }));
  const head = formatFields([
    ['server', server],
    ['version', s.version],
    ['started', s.started_at_ms ? `${formatTime(s.started_at_ms)} (up ${formatDuration(nowMs - s.started_at_ms)})` : '-'],
    ['shadow mode', s.shadow_mode ? 'ON (Check answers allow)' : 'off'],
    ['accounts', s.accounts],
    ['campaigns', s.campaigns],
    ['overrides', s.overrides],
    ['sequence', s.sequence],
  ]);
  return `${head}\n${section('Accounts by action', formatTable(byAction, [
    { header: 'ACTION', value: (r) => r.action },
    { header: 'ACCOUNTS', value: (r) => r.accounts },
  ]))}`;
}

export function renderAccount(a: policyv1.GetAccountResponse__Output): string {
  const cur = a.current;
  const out = [
    formatFields([
      ['account', a.account_id],
      ['action', actionText(cur?.action)],
      ['reason', cur?.reason_code],
      ['campaign', cur?.campaign_id],
      ['decision', cur?.decision_id],
      ['expires', formatTime(cur?.expires_at_ms)],
      ['needs review', a.needs_review ? 'yes' : 'no'],
    ]),
  ];
  const history = [...(a.history ?? [])].sort((x, y) => y.event_ts_ms - x.event_ts_ms);
  out.push(section(`Decisions (${history.length}, newest first)`, formatTable(history, [
    { header: 'EVENT TIME', value: (d) => formatTime(d.event_ts_ms) },
    { header: 'ACTION', value: (d) => actionText(d.action) },
    { header: 'PROPOSED', value: (d) => actionText(d.proposed_action) },
    { header: 'SCORE', value: (d) => d.score },
    { header: 'CAMPAIGN', value: (d) => d.campaign_id },
    { header: 'SUMMARY', value: (d) => d.summary, maxWidth: 70 },
  ])));
  const latest = history[0];
  if (latest && latest.evidence?.length) out.push(section('Evidence of the latest decision', evidenceTable(latest.evidence)));
  if (a.overrides?.length) {
    out.push(section('Overrides', formatTable(a.overrides, [
      { header: 'ID', value: (o) => o.override_id },
      { header: 'TARGET', value: (o) => (o.account_id ? `account ${o.account_id}` : `campaign ${o.campaign_id}`) },
      { header: 'ACTION', value: (o) => actionText(o.action) },
      { header: 'ACTOR', value: (o) => o.actor },
      { header: 'CREATED', value: (o) => formatTime(o.created_at_ms) },
      { header: 'EXPIRES', value: (o) => formatTime(o.expires_at_ms) },
      { header: 'REASON', value: (o) => o.reason, maxWidth: 50 },
    ])));
  }
  if (a.audit?.length) {
    out.push(section('Audit', formatTable(a.audit, [
      { header: 'AT', value: (e) => formatTime(e.at_ms) },
      { header: 'ACTOR', value: (e) => e.actor },
      { header: 'WHAT', value: (e) => e.what },
      { header: 'REASON', value: (e) => e.reason, maxWidth: 60 },
    ])));
  }
  return out.join('\n');
}

export function renderCampaigns(list: readonly policyv1.Campaign__Output[]): string {
  const sorted = [...list].sort((a, b) => b.members.length - a.members.length || a.campaign_id.localeCompare(b.campaign_id));
  return formatTable(sorted, [
    { header: 'CAMPAIGN', value: (c) => c.campaign_id },
    { header: 'MEMBERS', value: (c) => c.members.length },
    { header: 'SCORE', value: (c) => c.score },
    { header: 'FIRST SEEN', value: (c) => formatTime(c.first_seen_ms) },
    { header: 'LAST SEEN', value: (c) => formatTime(c.last_seen_ms) },
    { header: 'ACTIONS', value: (c) => actionCounts(c.member_actions ?? []) },
    { header: 'SUMMARY', value: (c) => c.summary, maxWidth: 60 },
  ]);
}

export function renderCampaign(c: policyv1.Campaign__Output): string {
  const members = c.members.map((m, i) => ({ account: m, action: actionText(c.member_actions?.[i]) }));
  return [
    formatFields([
      ['campaign', c.campaign_id],
      ['members', c.members.length],
      ['score', formatNumber(c.score)],
      ['first seen', formatTime(c.first_seen_ms)],
      ['last seen', formatTime(c.last_seen_ms)],
      ['actions', actionCounts(c.member_actions ?? [])],
      ['summary', c.summary],
    ]),
    section('Evidence', evidenceTable(c.evidence ?? [])),
    section('Members', formatTable(members, [
      { header: 'ACCOUNT', value: (m) => m.account },
      { header: 'ACTION', value: (m) => m.action },
    ])),
  ].join('\n');
}

export function renderOverride(o: policyv1.Override__Output): string {
  return formatFields([
    ['override', o.override_id],
    ['target', o.account_id ? `account ${o.account_id}` : `campaign ${o.campaign_id}`],
    ['action', actionText(o.action)],
    ['actor', o.actor],
    ['reason', o.reason],
    ['created', formatTime(o.created_at_ms)],
    ['expires', o.expires_at_ms ? formatTime(o.expires_at_ms) : 'never'],
  ]);
}
