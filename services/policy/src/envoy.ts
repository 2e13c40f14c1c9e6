import type { envoyauthv3 } from '@lockstep/contracts';
import type { CheckResult } from '@lockstep/policy';

export interface EnvoyMappingOptions {
  reasonHeader: string;
  retryAfterMaxSec: number;
}

const RPC_OK = 0;
const RPC_PERMISSION_DENIED = 7;
const RPC_RESOURCE_EXHAUSTED = 8;

function header(key: string, value: string) {
  // OVERWRITE_IF_EXISTS_OR_ADD: our answer replaces any header of the same name.
  return { header: { key, value }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' as const };
}

/**
 * Lockstep's answer as an Envoy ext_authz CheckResponse: ALLOW/MONITOR pass, THROTTLE is a 429
 * with Retry-After, CHALLENGE/SUSPEND a 403; denials carry the reason in `reasonHeader`.
 */
export function envoyResponse(r: CheckResult, nowMs: number, opts: EnvoyMappingOptions): envoyauthv3.CheckResponse {
  const reason = `${r.action}:${r.reason_code}`;
  switch (r.action) {
    case 'allow':
    case 'monitor':
      return {
        status: { code: RPC_OK, message: '' },
        ok_response: { headers: [header('x-lockstep-action', r.action)], headers_to_remove: [], response_headers_to_add: [] },
      };
    case 'throttle': {
      const left = r.expires_at_ms > 0 ? Math.ceil((r.expires_at_ms - nowMs) / 1000) : opts.retryAfterMaxSec;
      const retryAfter = Math.max(1, Math.min(opts.retryAfterMaxSec, left));
      return {
        status: { code: RPC_RESOURCE_EXHAUSTED, message: reason },
        denied_response: {
          status: { code: 'TooManyRequests' },
          headers: [header('retry-after', String(retryAfter)), header(opts.reasonHeader, reason)],
          body: `rate limited (${r.reason_code})\n`,
        },
      };
    }
    case 'challenge':
    case 'suspend':
      return {
        status: { code: RPC_PERMISSION_DENIED, message: reason },
        denied_response: {
          status: { code: 'Forbidden' },
          headers: [header(opts.reasonHeader, reason)],
          body: `${r.action === 'suspend' ? 'account suspended' : 'verification required'} (${r.reason_code})\n`,
        },
      };
    default:
      throw new Error(`unmapped action ${String(r.action)}`);
  }
}

/** The account id from the HTTP request Envoy forwards, or '' when the header is absent. */
export function accountFromRequest(req: envoyauthv3.CheckRequest__Output, headerName: string): string {
  const headers = req.attributes?.request?.http?.headers ?? {};
  const v = headers[headerName.toLowerCase()];
  return typeof v === 'string' ? v.trim() : '';
}
