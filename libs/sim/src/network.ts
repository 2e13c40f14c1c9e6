import type { IpClass } from '@lockstep/contracts';
import type { Rng } from './prng';

/** The network fields of an event, written in place to avoid an allocation per event. */
export interface NetFields {
  ip: string;
  asn: number;
  ip_class: IpClass | null;
}

/** A /16 (or narrower) IPv4 block owned by one autonomous system. */
export interface Block {
  a: number;
  b: number;
  /** Fixed third octet for a /24 block, or -1 for a whole /16. */
  c: number;
}

export interface Provider {
  name: string;
  asn: number;
  ipClass: IpClass;
  blocks: Block[];
  /** Set for carriers that also hand out IPv6 (a /32 prefix as two hex groups). */
  v6Prefix?: string;
}

// First octets in ordinary unicast space (no private, loopback, CGNAT-shared or multicast ranges).
const FIRST_OCTETS = [
  2, 5, 23, 31, 37, 41, 45, 46, 49, 58, 61, 62, 66, 68, 71, 74, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89,
  90, 91, 92, 93, 94, 95, 101, 103, 109, 110, 112, 114, 116, 118, 119, 121, 122, 124, 125, 130, 134, 138, 141, 144,
  146, 151, 152, 154, 156, 159, 161, 163, 170, 176, 178, 180, 182, 185, 186, 188, 190, 193, 194, 195, 197, 200, 201,
  203, 206, 208, 210, 212, 213, 217, 220, 222,
];

/**
 * The simulated Internet: residential ISPs, mobile carriers behind CGNAT, VPN providers,
 * clouds, and allocators for corporate and campus networks. Address blocks never overlap.
 */
export class NetworkWorld {
  readonly isps: Provider[] = [];
  readonly carriers: Provider[] = [];
  readonly vpns: Provider[] = [];
  readonly clouds: Provider[] = [];
  private readonly business: Provider[] = [];
  private readonly academic: Provider[] = [];
  private readonly sitesTaken = new Map<Provider, number>();
  private readonly used16 = new Set<number>();
  private readonly usedAsn = new Set<number>();

  constructor(private readonly rng: Rng) {
    for (let i = 0; i < 36; i++) this.isps.push(this.provider(`isp${i}`, 'residential', rng.range(2, 4)));
    for (let i = 0; i < 4; i++) {
      const p = this.provider(`carrier${i}`, 'mobile', 2);
      p.v6Prefix = `2a0${rng.range(1, 9)}:${rng.range(0x1000, 0xffff).toString(16)}`;
      this.carriers.push(p);
    }
    for (let i = 0; i < 6; i++) this.vpns.push(this.provider(`vpn${i}`, 'datacenter', 1, 6));
    for (let i = 0; i < 4; i++) this.clouds.push(this.provider(`cloud${i}`, 'datacenter', 3));
    for (let i = 0; i < 12; i++) this.business.push(this.provider(`biz${i}`, 'corporate', 1));
    for (let i = 0; i < 6; i++) this.academic.push(this.provider(`edu${i}`, 'education', 1));
  }

  /** A fresh /24 from a business or academic network (an office NAT or a campus). */
  site(name: string, ipClass: IpClass): Provider {
    const pool = ipClass === 'education' ? this.academic : this.business;
    const upstream = pool[this.rng.int(pool.length)]!;
    let taken = this.sitesTaken.get(upstream) ?? 0;
    if (taken >= 250) {
      // This upstream is full: give it another /16.
      const [a, b] = this.fresh16();
      upstream.blocks.push({ a, b, c: -1 });
      taken = 0;
    }
    this.sitesTaken.set(upstream, taken + 1);
    const base = upstream.blocks[upstream.blocks.length - 1]!;
    return { name, asn: upstream.asn, ipClass, blocks: [{ a: base.a, b: base.b, c: taken }] };
  }

  /** A fresh /24 inside a cloud (a customer's servers). */
  cloudRange(cloud: Provider): Block {
    const base = this.rng.pick(cloud.blocks);
    return { a: base.a, b: base.b, c: this.rng.int(256) };
  }

  private provider(name: string, ipClass: IpClass, n16: number, n24 = 0): Provider {
    let asn: number;
    do asn = this.rng.range(1000, 63999);
    while (this.usedAsn.has(asn));
    this.usedAsn.add(asn);
    const blocks: Block[] = [];
    for (let i = 0; i < n16; i++) {
      const [a, b] = this.fresh16();
      if (n24 > 0) for (let j = 0; j < n24; j++) blocks.push({ a, b, c: this.rng.int(256) });
      else blocks.push({ a, b, c: -1 });
    }
    return { name, asn, ipClass, blocks };
  }

  private fresh16(): [number, number] {
    for (;;) {
      const a = this.rng.pick(FIRST_OCTETS);
      const b = this.rng.int(256);
      const key = a * 256 + b;
      if (this.used16.has(key)) continue;
      this.used16.add(key);
      return [a, b];
    }
  }
}

export function addressIn(rng: Rng, block: Block): string {
  const c = block.c >= 0 ? block.c : rng.int(256);
  return `${block.a}.${block.b}.${c}.${rng.range(1, 254)}`;
}

export function addressInProvider(rng: Rng, p: Provider): string {
  return addressIn(rng, p.blocks[rng.int(p.blocks.length)]!);
}

function v6In(rng: Rng, prefix: string): string {
  const g = () => rng.int(0x10000).toString(16);
  return `${prefix}:${g()}:${g()}::${g()}`;
}

/** Where an account's requests come from, decided per session or per event. */
export interface NetProfile {
  apply(out: NetFields, ts: number, newSession: boolean, rng: Rng): void;
}

/** A home line: one address that the ISP re-leases every few days. */
export class HomeNet implements NetProfile {
  private ip = '';
  private leaseUntil = -Infinity;
  constructor(private readonly isp: Provider, private readonly leaseDays = 4) {}
  apply(out: NetFields, ts: number, _newSession: boolean, rng: Rng): void {
    if (ts >= this.leaseUntil) {
      this.ip = addressInProvider(rng, this.isp);
      this.leaseUntil = ts + rng.exp(this.leaseDays * 86_400_000);
    }
    out.ip = this.ip;
    out.asn = this.isp.asn;
    out.ip_class = 'residential';
  }
}

/** A phone behind a carrier's CGNAT pool: a new egress address every session, some IPv6. */
export class MobileNet implements NetProfile {
  private ip = '';
  constructor(private readonly carrier: Provider, private readonly v6Share = 0.12) {}
  apply(out: NetFields, _ts: number, newSession: boolean, rng: Rng): void {
    if (newSession || this.ip === '') {
      this.ip =
        this.carrier.v6Prefix && rng.chance(this.v6Share)
          ? v6In(rng, this.carrier.v6Prefix)
          : addressInProvider(rng, this.carrier);
    }
    out.ip = this.ip;
    out.asn = this.carrier.asn;
    out.ip_class = 'mobile';
  }
}

/** A commercial VPN: a different datacenter exit most sessions. */
export class VpnNet implements NetProfile {
  private ip = '';
  constructor(private readonly vpn: Provider) {}
  apply(out: NetFields, _ts: number, newSession: boolean, rng: Rng): void {
    if (newSession || this.ip === '') this.ip = addressInProvider(rng, this.vpn);
    out.ip = this.ip;
    out.asn = this.vpn.asn;
    out.ip_class = 'datacenter';
  }
}

/** A fixed set of egress addresses: an office or campus NAT, or a customer's servers. */
export class FixedNet implements NetProfile {
  constructor(
    private readonly ips: readonly string[],
    private readonly asn: number,
    private readonly ipClass: IpClass,
  ) {}
  apply(out: NetFields, _ts: number, _newSession: boolean, rng: Rng): void {
    out.ip = this.ips.length === 1 ? this.ips[0]! : this.ips[rng.int(this.ips.length)]!;
    out.asn = this.asn;
    out.ip_class = this.ipClass;
  }
}

/** Residential proxy network: every request exits from some random home line anywhere. */
export class ProxyNet implements NetProfile {
  constructor(private readonly isps: readonly Provider[]) {}
  apply(out: NetFields, _ts: number, _newSession: boolean, rng: Rng): void {
    const isp = this.isps[rng.int(this.isps.length)]!;
    out.ip = addressInProvider(rng, isp);
    out.asn = isp.asn;
    out.ip_class = 'residential';
  }
}

/** Any address inside one /24 (a rented datacenter range). */
export class RangeNet implements NetProfile {
  constructor(private readonly block: Block, private readonly asn: number, private readonly ipClass: IpClass) {}
  apply(out: NetFields, _ts: number, _newSession: boolean, rng: Rng): void {
    out.ip = addressIn(rng, this.block);
    out.asn = this.asn;
    out.ip_class = this.ipClass;
  }
}

/** A person who roams: picks one of several networks per session by weight. */
export class RoamingNet implements NetProfile {
  private current = 0;
  private readonly cumulative: number[];
  constructor(private readonly nets: readonly NetProfile[], weights: readonly number[]) {
    let s = 0;
    this.cumulative = weights.map((w) => (s += w));
  }
  apply(out: NetFields, ts: number, newSession: boolean, rng: Rng): void {
    if (newSession) {
      const x = rng.float() * this.cumulative[this.cumulative.length - 1]!;
      let i = 0;
      while (i < this.cumulative.length - 1 && x >= this.cumulative[i]!) i++;
      this.current = i;
    }
    this.nets[this.current]!.apply(out, ts, newSession, rng);
  }
}

/** Typical consumer connectivity: home broadband, a phone, sometimes a VPN or a cafe. */
export function consumerNet(world: NetworkWorld, rng: Rng): NetProfile {
  const home = new HomeNet(rng.pick(world.isps));
  const phone = new MobileNet(rng.pick(world.carriers));
  const style = rng.float();
  if (style < 0.3) return phone;
  if (style < 0.45) return home;
  const cafe = new HomeNet(rng.pick(world.isps), 0.05);
  const vpn = new VpnNet(rng.pick(world.vpns));
  return new RoamingNet([home, phone, cafe, vpn], [0.6, 0.3, 0.04, rng.chance(0.15) ? 0.2 : 0.01]);
}
