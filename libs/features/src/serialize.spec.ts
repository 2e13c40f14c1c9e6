import type { UsageEvent } from '@lockstep/contracts';
import { FeatureStore } from './feature-store';
import { FEATURE_NAMES, serializeFeatures, toJsonFeatures, type FeatureView } from './account-features';

const T0 = Date.UTC(2026, 5, 1);

function ev(i: number, o: Partial<UsageEvent> = {}): UsageEvent {
  const a = i % 7;
  return {
    event_id: `e${i}`, ts: T0 + i * 37_000, account_id: `acct-${a}`, tier: a % 2 ? 'pro' : 'free', verified: a % 3 === 0,
    account_created_ts: T0 - 86_400_000 * (a + 1), ip: `10.${a}.${i % 5}.1`, asn: 64500 + (i % 3), model: 'm',
    input_tokens: 10 + i, output_tokens: 20 + 3 * i, max_tokens: i % 2 ? 4096 : null, category: i % 3 ? 'chat' : 'coding',
    prompt_simhash: ((i * 0x9e3779b1) >>> 0).toString(16).padStart(8, '0') + ((i * 0x85ebca6b) >>> 0).toString(16).padStart(8, '0'),
    template_hash: i % 4 ? `t${i % 3}` : null, system_hash: i % 5 ? 's1' : null, payment_fp: `card-${a % 2}`, ua_hash: `ua-${i % 2}`,
    cot_request: i % 3 === 0, rubric_request: i % 4 === 0, org_id: a === 4 ? 'org "quoted" \u00e9\u2028' : null, ip_class: i % 2 ? 'datacenter' : undefined,
    ...o,
  } as UsageEvent;
}

describe('serializeFeatures', () => {
  it('writes exactly what JSON.stringify writes for the account.features.v1 object', () => {
    const store = new FeatureStore({ eagerEvents: 1000 });
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const v = store.ingestView(ev(i));
      if (!v) continue;
      expect(serializeFeatures(v)).toBe(JSON.stringify(toJsonFeatures(v)));
      compared++;
    }
    expect(compared).toBe(300);
  });

  it('writes non-finite values and -0 as JSON does', () => {
    const store = new FeatureStore();
    const v = store.ingestView(ev(1)) as FeatureView;
    const values = new Float64Array(FEATURE_NAMES.length);
    values[0] = Number.NaN;
    values[1] = Number.POSITIVE_INFINITY;
    values[2] = -0;
    values[3] = 1e-7;
    values[4] = 123456789012;
    const odd = { ...v, values, tokenKeys: [] };
    expect(serializeFeatures(odd)).toBe(JSON.stringify(toJsonFeatures(odd)));
  });
});
