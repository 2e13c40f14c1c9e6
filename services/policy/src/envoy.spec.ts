import type { CheckResult } from '@lockstep/policy';
import { accountFromRequest, envoyResponse } from './envoy';

const NOW = 1_800_000_000_000;
const opts = { reasonHeader: 'x-lockstep-reason', retryAfterMaxSec: 60 };
const result = (over: Partial<CheckResult>): CheckResult => ({ action: 'allow', reason_code: 'detector', campaign_id: '', decision_id: 'd1', expires_at_ms: 0, ...over });
const header = (r: ReturnType<typeof envoyResponse>, key: string) => r.denied_response?.headers?.find((h) => h.header?.key === key)?.header?.value;

describe('Envoy ext_authz mapping', () => {
  it('ALLOW and MONITOR pass (status OK, ok_response)', () => {
    for (const action of ['allow', 'monitor'] as const) {
      const r = envoyResponse(result({ action }), NOW, opts);
      expect(r.status?.code).toBe(0);
      expect(r.ok_response).toBeDefined();
      expect(r.denied_response).toBeUndefined();
    }
  });
  it('THROTTLE is 429 with Retry-After bounded by the expiry and the configured maximum', () => {
    const soon = envoyResponse(result({ action: 'throttle', expires_at_ms: NOW + 12_300 }), NOW, opts);
    expect(soon.status?.code).toBe(8);
    expect(soon.denied_response?.status?.code).toBe('TooManyRequests');
    expect(header(soon, 'retry-after')).toBe('13');
    expect(header(soon, 'x-lockstep-reason')).toBe('throttle:detector');
    expect(header(envoyResponse(result({ action: 'throttle', expires_at_ms: NOW + 3_600_000 }), NOW, opts), 'retry-after')).toBe('60');
    expect(header(envoyResponse(result({ action: 'throttle', expires_at_ms: 0 }), NOW, opts), 'retry-after')).toBe('60');
    expect(header(envoyResponse(result({ action: 'throttle', expires_at_ms: NOW - 5 }), NOW, opts), 'retry-after')).toBe('1');
  });
  it('CHALLENGE and SUSPEND are 403 with the reason header', () => {
    for (const action of ['challenge', 'suspend'] as const) {
      const r = envoyResponse(result({ action, reason_code: 'override' }), NOW, { ...opts, reasonHeader: 'x-why' });
      expect(r.status?.code).toBe(7);
      expect(r.denied_response?.status?.code).toBe('Forbidden');
      expect(header(r, 'x-why')).toBe(`${action}:override`);
    }
  });
  it('reads the account from the configured header (lower case, as Envoy sends it)', () => {
    const req = { attributes: { request: { http: { headers: { 'x-account': ' acct-7 ' } } } } } as never;
    expect(accountFromRequest(req, 'X-Account')).toBe('acct-7');
    expect(accountFromRequest(req, 'x-other')).toBe('');
    expect(accountFromRequest({ attributes: null } as never, 'x-account')).toBe('');
  });
});
