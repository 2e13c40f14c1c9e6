import type { KafkaMessage } from 'kafkajs';
import { usageEventValidation, jsonValidation } from './validation';

const m = {} as KafkaMessage;
const good = {
  event_id: 'e1', ts: 1_700_000_000_000, account_id: 'a1', tier: 'pro', verified: true, account_created_ts: 1_600_000_000_000,
  ip: '10.0.0.1', asn: 1, model: 'm', input_tokens: 1, output_tokens: 2, category: 'chat', prompt_simhash: '0123456789abcdef',
};

describe('usageEventValidation', () => {
  it('accepts a contract event and names the field of a rejection', () => {
    const v = usageEventValidation();
    const ok = v(Buffer.from(JSON.stringify(good)), m);
    expect(ok.ok && ok.value.account_id).toBe('a1');
    const bad = v(Buffer.from(JSON.stringify({ ...good, asn: -1 })), m);
    expect(bad).toMatchObject({ ok: false, code: 'out_of_range', field: 'asn' });
    expect(v(null, m)).toMatchObject({ ok: false, code: 'not_json' });
  });
});

describe('jsonValidation', () => {
  it('parses objects and applies the extra check', () => {
    const v = jsonValidation((o) => (typeof o.id === 'string' ? { ok: true, value: o.id } : { ok: false, code: 'missing_field', field: 'id', message: 'id' }));
    expect(v(Buffer.from('{"id":"x"}'), m)).toEqual({ ok: true, value: 'x' });
    expect(v(Buffer.from('{}'), m)).toMatchObject({ ok: false, field: 'id' });
    expect(v(Buffer.from('"s"'), m)).toMatchObject({ ok: false, code: 'not_object' });
    expect(v(Buffer.from('{'), m)).toMatchObject({ ok: false, code: 'not_json' });
  });
});
