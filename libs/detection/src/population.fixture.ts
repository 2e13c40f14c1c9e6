// Test fixture (excluded from the build): packs hand-written accounts into a PackedPopulation.
import { S, type PackedPopulation } from './population';

export const KIND_SPAN = 4294967296;
/** Token key of `kind` (index into TOKEN_KINDS) and 32-bit hash `h`. */
export const tokenKey = (kind: number, h: number) => kind * KIND_SPAN + h;

export interface FixtureAccount {
  tokens: number[];
  scalars: Partial<Record<keyof typeof S, number>>;
}

/** Accounts in order, with their token keys renumbered densely; no vectors, org or clusters. */
export function packAccounts(accounts: FixtureAccount[]): PackedPopulation {
  const n = accounts.length;
  const scalars = new Float64Array(n * S.width);
  const tokOff = new Uint32Array(n + 1);
  const tokIds: number[] = [];
  const keys: number[] = [];
  const ids = new Map<number, number>();
  accounts.forEach((a, i) => {
    tokOff[i] = tokIds.length;
    for (const k of a.tokens) {
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = keys.push(k) - 1));
      tokIds.push(id);
    }
    tokOff[i + 1] = tokIds.length;
    for (const [col, v] of Object.entries(a.scalars)) scalars[i * S.width + S[col as keyof typeof S]] = v!;
  });
  return {
    n, dims: 0, vectors: new Float32Array(0), scalars, tokOff, tokIds: Int32Array.from(tokIds), tokKeys: Float64Array.from(keys),
    org: new Int32Array(n).fill(-1), orgs: [], cluster: new Int32Array(n).fill(-1), dirty: new Uint8Array(n).fill(1),
    idHash: Uint32Array.from({ length: n }, (_, i) => (i + 1) * 2654435761), prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
  };
}
