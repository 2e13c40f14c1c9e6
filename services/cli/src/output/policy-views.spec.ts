import type { policyv1 } from '@lockstep/contracts';
import { actionCounts, actionText, renderAccount, renderCampaign, renderCampaigns, renderOverride, renderStatus } from './policy-views';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

function campaign(id: string, members: string[], actions: policyv1.Action__Output[]): policyv1.Campaign__Output {
  return {
    campaign_id: id,
    members,
    member_actions: actions,
    evidence: [{ signal: 'card_reuse', value: 14, weight: 0.4, detail: '14 accounts share one payment_fp' }],
    first_seen_ms: T0,
    last_seen_ms: T0 + 3_600_000,
    score: 0.97,
    summary: 'farm: shared cards, proxy churn',
  };
}

describe('actionText and actionCounts', () => {
  it('maps proto actions to names and unspecified to a dash', () => {
    expect(actionText('SUSPEND')).toBe('suspend');
    expect(actionText(3)).toBe('throttle');
    expect(actionText('ACTION_UNSPECIFIED')).toBe('-');
    expect(actionText(undefined)).toBe('-');
  });

  it('counts actions, most severe first', () => {
    expect(actionCounts(['THROTTLE', 'SUSPEND', 'THROTTLE', 'ALLOW'])).toBe('suspend 1, throttle 2, allow 1');
  });
});

describe('renderStatus', () => {
  it('shows every action row, uptime and shadow mode', () => {
    const out = renderStatus(
      { accounts: 10, campaigns: 2, overrides: 1, sequence: 99, accounts_by_action: { suspend: 3, throttle: 2 }, shadow_mode: true, version: '0.1.0', started_at_ms: T0 },
      '127.0.0.1:50051',
      T0 + 65_000,
    );
    expect(out).toContain('server:       127.0.0.1:50051');
    expect(out).toContain('(up 1m 05s)');
    expect(out).toContain('shadow mode:  ON');
    expect(out).toMatch(/^suspend\s+3$/m);
    expect(out).toMatch(/^allow\s+0$/m);
  });
});

describe('renderCampaigns / renderCampaign', () => {
  it('lists campaigns largest first with an action summary', () => {
    const out = renderCampaigns([campaign('small', ['a'], ['THROTTLE']), campaign('big', ['a', 'b', 'c'], ['SUSPEND', 'SUSPEND', 'CHALLENGE'])]);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^CAMPAIGN\s+MEMBERS\s+SCORE\s+FIRST SEEN\s+LAST SEEN\s+ACTIONS\s+SUMMARY$/);
    expect(lines[2]).toMatch(/^big\s+3\s+0\.970\s+2026-06-01 12:00:00Z\s+2026-06-01 13:00:00Z\s+suspend 2, challenge 1/);
    expect(lines[3]).toMatch(/^small\s+1 /);
  });

  it('shows one campaign with its evidence and each member action', () => {
    const out = renderCampaign(campaign('c1', ['acct_1', 'acct_2'], ['SUSPEND', 'CHALLENGE']));
    expect(out).toMatch(/^card_reuse\s+14\s+0\.400\s+14 accounts share one payment_fp$/m);
    expect(out).toMatch(/^acct_2\s+challenge$/m);
  });
});

describe('renderAccount', () => {
  it('shows the current answer, newest decision first, its evidence, overrides and audit', () => {
    const decision = (ts: number, action: policyv1.Action__Output, summary: string): policyv1.Decision__Output => ({
      decision_id: `d${ts}`, account_id: 'acct_1', action, score: 0.9, campaign_id: 'c1', event_ts_ms: ts,
      evidence: [{ signal: 'shared_template', value: 1, weight: 0.5, detail: `at ${ts}` }], summary, tier: 'free', verified: false,
      proposed_action: 'ACTION_UNSPECIFIED', needs_review: false,
    });
    const out = renderAccount({
      account_id: 'acct_1',
      current: { action: 'SUSPEND', reason_code: 'override', campaign_id: 'c1', decision_id: 'd2', expires_at_ms: 0 },
      history: [decision(T0, 'THROTTLE', 'older'), decision(T0 + 1000, 'SUSPEND', 'newer')],
      overrides: [{ override_id: 'o1', account_id: 'acct_1', action: 'SUSPEND', reason: 'confirmed', actor: 'sre', created_at_ms: T0, expires_at_ms: 0, target: 'account_id' }],
      audit: [{ at_ms: T0, actor: 'sre', what: 'set override suspend', reason: 'confirmed' }],
      needs_review: true,
    });
    expect(out).toContain('action:        suspend');
    expect(out).toContain('needs review:  yes');
    const history = out.slice(out.indexOf('Decisions (2'));
    expect(history.indexOf('newer')).toBeLessThan(history.indexOf('older'));
    expect(out).toContain(`at ${T0 + 1000}`);
    expect(out).toMatch(/^o1\s+account acct_1\s+suspend\s+sre/m);
    expect(out).toMatch(/^Audit$/m);
  });
});

describe('renderOverride', () => {
  it('shows the target and "never" for no expiry', () => {
    const out = renderOverride({ override_id: 'o9', campaign_id: 'c7', action: 'ALLOW', reason: 'false alarm', actor: 'cli:me', created_at_ms: T0, expires_at_ms: 0, target: 'campaign_id' });
    expect(out).toContain('target:    campaign c7');
    expect(out).toContain('expires:   never');
  });
});
