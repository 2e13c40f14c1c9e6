import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { EventValidator, MAX_EVENT_BYTES } from './validator';

const good = () => ({
  event_id: 'e1', ts: 1_780_272_000_000, account_id: 'acct_1', tier: 'pro', verified: false,
  account_created_ts: 1_780_000_000_000, ip: '203.0.113.7', asn: 64500, model: 'frontier-1',
  input_tokens: 10, output_tokens: 20, category: 'coding', prompt_simhash: '0123456789abcdef',
});

describe('EventValidator', () => {
  it('accepts a minimal valid event and drops unknown fields', () => {
    const r = new EventValidator().validate({ ...good(), surprise: 1, org_id: null });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.event.account_id).toBe('acct_1');
      expect((r.event as Record<string, unknown>).surprise).toBeUndefined();
    }
  });

  it('accepts IPv6 addresses', () => {
    expect(new EventValidator().validate({ ...good(), ip: '2001:db8::1' }).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"event_id":', 'not_json', undefined],
    ['not an object', '[1,2]', 'not_object', undefined],
    ['a JSON string', '"hello"', 'not_object', undefined],
    ['missing field', JSON.stringify({ ...good(), account_id: undefined }), 'missing_field', 'account_id'],
    ['wrong type', JSON.stringify({ ...good(), ts: '2026-01-01' }), 'wrong_type', 'ts'],
    ['bad enum', JSON.stringify({ ...good(), tier: 'gold' }), 'out_of_range', 'tier'],
    ['negative tokens', JSON.stringify({ ...good(), input_tokens: -1 }), 'out_of_range', 'input_tokens'],
    ['bad simhash', JSON.stringify({ ...good(), prompt_simhash: 'xyz' }), 'out_of_range', 'prompt_simhash'],
    ['bad ip', JSON.stringify({ ...good(), ip: '300.1.1.1' }), 'out_of_range', 'ip'],
    ['event_id too long', JSON.stringify({ ...good(), event_id: 'x'.repeat(129) }), 'out_of_range', 'event_id'],
    ['bad optional', JSON.stringify({ ...good(), ip_class: 'space' }), 'out_of_range', 'ip_class'],
  ])('rejects %s, naming the field', (_name, raw, code, field) => {
    const r = new EventValidator().validateRaw(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.field).toBe(field);
      if (field) expect(r.message).toContain(`'${field}'`);
    }
  });

  it('rejects messages over 64 KiB before parsing', () => {
    const raw = JSON.stringify({ ...good(), pad: 'x'.repeat(MAX_EVENT_BYTES) });
    const r = new EventValidator().validateRaw(Buffer.from(raw));
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('rejects a ts more than 5 minutes ahead of the newest event seen', () => {
    const v = new EventValidator({ clock: () => 0 });
    expect(v.validate(good()).ok).toBe(true);
    expect(v.validate({ ...good(), ts: good().ts + 5 * 60_000 }).ok).toBe(true);
    const r = v.validate({ ...good(), ts: good().ts + 11 * 60_000 });
    expect(r).toMatchObject({ ok: false, code: 'future_ts', field: 'ts' });
    expect(v.watermark).toBe(good().ts + 5 * 60_000);
  });

  it('does not reject the first event after a quiet spell when the wall clock has moved on', () => {
    let now = good().ts;
    const v = new EventValidator({ clock: () => now });
    expect(v.validate(good()).ok).toBe(true);
    now += 60 * 60_000;
    expect(v.validate({ ...good(), ts: good().ts + 59 * 60_000 }).ok).toBe(true);
    expect(v.validate({ ...good(), ts: now + 6 * 60_000 })).toMatchObject({ ok: false, code: 'future_ts' });
  });

  it('fast path and zod agree: optional nulls accepted, nulls in required fields rejected', () => {
    const v = new EventValidator({ clock: () => 0 });
    expect(v.validate({ ...good(), org_id: null, max_tokens: null, cot_request: null }).ok).toBe(true);
    expect(v.validate({ ...good(), asn: null })).toMatchObject({ ok: false, code: 'wrong_type', field: 'asn' });
    expect(v.validate({ ...good(), asn: 1.5 })).toMatchObject({ ok: false, field: 'asn' });
    expect(v.validate({ ...good(), verified: 'yes' })).toMatchObject({ ok: false, code: 'wrong_type', field: 'verified' });
  });
  it('loading the lib does not load zod: valid events never need it, and it was most of a featurizer thread\'s start-up', () => {
    const index = JSON.stringify(path.join(__dirname, 'index.ts'));
    const probe = `require(${index}); process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('/node_modules/zod/'))))`;
    expect(execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', probe]).toString()).toBe('false');
    // Rejects still get zod's field-naming messages.
    expect(new EventValidator().validate({ ...good(), tier: 'gold' })).toMatchObject({ ok: false, field: 'tier' });
  });
});
