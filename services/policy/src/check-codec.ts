import type * as grpc from '@grpc/grpc-js';
import type { policyv1 } from '@lockstep/contracts';

/**
 * Hand-written protobuf codecs for the hottest RPC, PolicyService/Check: CheckRequest in,
 * CheckResponse out. proto-loader's generic codecs (reflection-driven encode/decode plus
 * toObject/fromObject) are a measurable share of a Check's server CPU; these read and write the
 * same proto3 wire format directly, producing and accepting the same objects proto-loader does
 * (keepCase, enums as names, longs as numbers, defaults filled in). Fields at their default value
 * are left out, as proto3 encoders do (protobufjs writes them out; both decode the same). Field numbers are those of
 * proto/lockstep/policy/v1/policy.proto; check-codec.spec.ts compares both ways with protobufjs.
 */

const ACTION_NUMBER: Record<string, number> = { ACTION_UNSPECIFIED: 0, ALLOW: 1, MONITOR: 2, THROTTLE: 3, CHALLENGE: 4, SUSPEND: 5 };

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

/** CheckResponse: 1 action (enum), 2 reason_code, 3 campaign_id, 4 decision_id, 5 expires_at_ms (int64). */
export function encodeCheckResponse(r: policyv1.CheckResponse, fallback: (r: policyv1.CheckResponse) => Buffer): Buffer {
  const action = typeof r.action === 'number' ? r.action : ACTION_NUMBER[r.action ?? 'ACTION_UNSPECIFIED'];
  const expires = Number(r.expires_at_ms ?? 0);
  // Negative int64 (ten-byte two's complement) and unknown enum names: the generic codec.
  if (action === undefined || !(expires >= 0) || !Number.isSafeInteger(expires)) return fallback(r);
  const reason = r.reason_code ?? '';
  const campaign = r.campaign_id ?? '';
  const decision = r.decision_id ?? '';
  const lr = Buffer.byteLength(reason);
  const lc = Buffer.byteLength(campaign);
  const ld = Buffer.byteLength(decision);
  const size =
    (action ? 1 + varintSize(action) : 0) +
    (lr ? 1 + varintSize(lr) + lr : 0) +
    (lc ? 1 + varintSize(lc) + lc : 0) +
    (ld ? 1 + varintSize(ld) + ld : 0) +
    (expires ? 1 + varintSize(expires) : 0);
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  if (action) {
    buf[pos++] = 0x08;
    pos = writeVarint(buf, pos, action);
  }
  if (lr) {
    buf[pos++] = 0x12;
    pos = writeVarint(buf, pos, lr);
    pos += buf.write(reason, pos, lr, 'utf8');
  }
  if (lc) {
    buf[pos++] = 0x1a;
    pos = writeVarint(buf, pos, lc);
    pos += buf.write(campaign, pos, lc, 'utf8');
  }
  if (ld) {
    buf[pos++] = 0x22;
    pos = writeVarint(buf, pos, ld);
    pos += buf.write(decision, pos, ld, 'utf8');
  }
  if (expires) {
    buf[pos++] = 0x28;
    writeVarint(buf, pos, expires);
  }
  return buf;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(): number {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
    throw new Error('varint too long');
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2: {
        const len = this.varint();
        this.pos += len;
        break;
      }
      case 5:
        this.pos += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.buf.length) throw new Error('truncated field');
  }
}

/** CheckRequest: 1 account_id, 2 api_key_id; unknown fields are skipped (newer clients). */
export function decodeCheckRequest(buf: Buffer): policyv1.CheckRequest__Output {
  const r = new Reader(buf);
  let account = '';
  let apiKey = '';
  while (r.pos < buf.length) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if ((field === 1 || field === 2) && wire === 2) {
      const len = r.varint();
      const end = r.pos + len;
      if (end > buf.length) throw new Error('truncated string');
      const s = buf.toString('utf8', r.pos, end);
      r.pos = end;
      if (field === 1) account = s;
      else apiKey = s;
    } else {
      r.skip(wire);
    }
  }
  return { account_id: account, api_key_id: apiKey };
}

/** The service definition with Check's request decoding and response encoding replaced by the above. */
export function withFastCheckCodec(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const check = definition.Check;
  if (!check) return definition;
  const generic = check.responseSerialize as (r: policyv1.CheckResponse) => Buffer;
  return {
    ...definition,
    Check: {
      ...check,
      requestDeserialize: decodeCheckRequest,
      responseSerialize: (r: policyv1.CheckResponse) => encodeCheckResponse(r, generic),
    },
  };
}
