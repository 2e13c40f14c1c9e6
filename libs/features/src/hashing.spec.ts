import { fnv1a32, fnv1a32IpPrefix, hex32At, ipPrefix, parseSimhash, simhashBand, simhashBandsInto, SIMHASH_BANDS } from './hashing';
import { SharedValueFilter } from './shared-values';

// The per-event shortcuts must give exactly what the plain definitions give: features are published
// values, and the replay's output is compared byte for byte.
describe('hashing shortcuts', () => {
  it('fnv1a32IpPrefix is fnv1a32(ipPrefix(ip))', () => {
    const ips = ['203.0.113.9', '10.0.0.1', '1.2.3', 'noDots', '', '2001:db8:1:2::1', '2001:db8::1', '::1', '1::', 'a:b:c', 'a:b:c:d', '::ffff:1.2.3.4', 'fe80::1%eth0'];
    for (const ip of ips) expect([ip, fnv1a32IpPrefix(ip)]).toEqual([ip, fnv1a32(ipPrefix(ip))]);
  });

  it('hex32At reads 8 hex digits as parseSimhash does, and flags what is not hex', () => {
    for (const h of ['0123456789abcdef', 'FFFFFFFF00000000', 'daf39889d8a30603', 'A0b1C2d3E4f5a6B7']) {
      expect([hex32At(h, 0), hex32At(h, 8)]).toEqual(parseSimhash(h));
    }
    expect(hex32At('0123456g89abcdef', 0)).toBe(-1);
    expect(hex32At('01234567', 8)).toBe(-1);
  });

  it('simhashBandsInto gives simhashBand for every band', () => {
    const out = new Uint32Array(SIMHASH_BANDS + 1);
    for (let i = 0; i < 200; i++) {
      const hi = Math.imul(i + 1, 0x9e3779b1) >>> 0;
      const lo = Math.imul(i + 7, 0x85ebca6b) >>> 0;
      simhashBandsInto(hi, lo, out, 1);
      for (let b = 0; b < SIMHASH_BANDS; b++) expect(out[b + 1]).toBe(simhashBand(hi, lo, b));
    }
  });

  it('SharedValueFilter.prefetch changes nothing the filter answers', () => {
    const a = new SharedValueFilter({ bits: 6, maxBits: 8 });
    const b = new SharedValueFilter({ bits: 6, maxBits: 8 });
    const values = new Uint32Array(4);
    for (let i = 0; i < 2000; i++) {
      a.advance(i * 1000);
      b.advance(i * 1000);
      const v = ((i * 2654435761) % 97) + 1;
      values[0] = v;
      a.prefetch(values, 0, 1);
      const owner = (i % 5) + 1;
      expect(a.touch(v, owner)).toBe(b.touch(v, owner));
    }
    expect(a.bits).toBe(b.bits);
  });
});

describe('hex32At', () => {
  /** The digit test as written before the lookup table. */
  function digit(c: number): number {
    if (c >= 48 && c <= 57) return c - 48;
    const l = c | 32;
    return l >= 97 && l <= 102 ? l - 87 : -1;
  }
  function reference(hex: string, at: number): number {
    let v = 0;
    for (let i = at; i < at + 8; i++) {
      const d = digit(hex.charCodeAt(i));
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  it('reads every char code as the range tests did, in every position', () => {
    const odd = ['\u00e9', '\u0660', '\uff21', '\uff10', '\u0130', '\u212a', '\ud83d'];
    const chars = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), ...odd, ...Array.from({ length: 200 }, (_, i) => String.fromCharCode(128 + i * 317))];
    for (const ch of chars) {
      for (let pos = 0; pos < 8; pos++) {
        const s = `${'a1B2c3D4'.slice(0, pos)}${ch}${'e5F6a7b8'.slice(pos + 1)}`;
        expect([s, hex32At(s, 0)]).toEqual([s, reference(s, 0)]);
      }
    }
    // Past the end of the string.
    expect(hex32At('abc', 0)).toBe(-1);
    expect(hex32At('0123456789abcdef', 9)).toBe(-1);
    expect(hex32At('ffffffffFFFFFFFF', 8)).toBe(0xffffffff);
  });
});
