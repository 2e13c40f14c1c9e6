import { loadPolicyProto } from '@lockstep/grpc';
import type { policyv1 } from '@lockstep/contracts';
import { decodeCheckRequest, encodeCheckResponse, withFastCheckCodec } from './check-codec';

const generic = loadPolicyProto().grpc.lockstep.policy.v1.PolicyService.service.Check;
const serialize = generic.responseSerialize as (r: policyv1.CheckResponse) => Buffer;
const deserializeResponse = generic.responseDeserialize as (b: Buffer) => policyv1.CheckResponse__Output;
const serializeRequest = generic.requestSerialize as (r: policyv1.CheckRequest) => Buffer;
const deserializeRequest = generic.requestDeserialize as (b: Buffer) => policyv1.CheckRequest__Output;

const responses: policyv1.CheckResponse[] = [
  { action: 'ALLOW', reason_code: 'unknown_account', campaign_id: '', decision_id: '', expires_at_ms: 0 },
  { action: 'SUSPEND', reason_code: 'detector', campaign_id: 'camp-ü-1', decision_id: 'd-9f', expires_at_ms: 1_800_000_000_123 },
  { action: 'CHALLENGE', reason_code: 'enterprise_cap', campaign_id: 'c'.repeat(300), decision_id: 'ovr-account-x', expires_at_ms: 2 ** 53 - 1 },
  { action: 'ACTION_UNSPECIFIED', reason_code: '', campaign_id: '', decision_id: '', expires_at_ms: 1 },
  { action: 3, reason_code: 'shadow', campaign_id: '🙂', decision_id: '', expires_at_ms: 127 },
];

describe('Check codec', () => {
  it('encodes CheckResponse so that protobufjs decodes exactly what it would have encoded', () => {
    for (const r of responses) {
      const fast = encodeCheckResponse(r, serialize);
      expect(deserializeResponse(fast)).toEqual(deserializeResponse(serialize(r)));
      // Canonical proto3: default-valued fields are not written.
      expect(fast.length).toBeLessThanOrEqual(serialize(r).length);
    }
    expect(encodeCheckResponse(responses[0], serialize).toString('hex')).toBe(`0801120f${Buffer.from('unknown_account').toString('hex')}`);
  });

  it('falls back to the generic codec for what it does not handle', () => {
    const negative = { ...responses[1], expires_at_ms: -5 };
    expect(deserializeResponse(encodeCheckResponse(negative, serialize))).toEqual(deserializeResponse(serialize(negative)));
    const fallback = jest.fn(() => Buffer.from([]));
    encodeCheckResponse({ ...responses[1], action: 'NOT_AN_ACTION' as never }, fallback);
    expect(fallback).toHaveBeenCalled();
  });

  it('decodes CheckRequest as protobufjs does, including defaults and unknown fields', () => {
    for (const req of [{ account_id: 'acct-1', api_key_id: 'k' }, { account_id: 'ü'.repeat(200) }, {}, { api_key_id: 'only' }]) {
      const wire = serializeRequest(req);
      expect(decodeCheckRequest(wire)).toEqual(deserializeRequest(wire));
    }
    // A newer client's extra fields (varint 3, bytes 4, fixed64 5, fixed32 6) are skipped.
    const extra = Buffer.concat([
      serializeRequest({ account_id: 'a' }),
      Buffer.from([0x18, 0x96, 0x01, 0x22, 0x02, 0x61, 0x62, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0x35, 1, 2, 3, 4]),
      serializeRequest({ api_key_id: 'z' }),
    ]);
    expect(decodeCheckRequest(extra)).toEqual({ account_id: 'a', api_key_id: 'z' });
  });

  it('rejects truncated input', () => {
    const wire = serializeRequest({ account_id: 'abcdef' });
    expect(() => decodeCheckRequest(wire.subarray(0, wire.length - 2))).toThrow(/truncated/);
    expect(() => decodeCheckRequest(Buffer.from([0x0a, 0x80]))).toThrow(/truncated/);
  });

  it('replaces only Check in the service definition', () => {
    const def = loadPolicyProto().grpc.lockstep.policy.v1.PolicyService.service;
    const fast = withFastCheckCodec(def);
    expect(fast.Check.requestDeserialize).toBe(decodeCheckRequest);
    expect(fast.BatchCheck).toBe(def.BatchCheck);
    expect(fast.Check.path).toBe(def.Check.path);
  });
});
