// The reference snapshot of a population: what PackedStore.snapshot() must reproduce (the specs
// compare them). Plain and slow on purpose; production snapshots come from PackedStore.
import { denseIndex, VECTOR_DIMS, S, type AccountSummary, type PackedPopulation, type PackOptions } from './population';

/** Template tokens (kind 0) are kept even when unshared: having a template at all is evidence (rewordedSignal). */
const TEMPLATE_KEY_END = 4294967296;

/**
 * Packs summaries into flat arrays. `keyOfId` maps the summaries' token ids to token keys; the
 * packed population renumbers the tokens it uses densely (local ids). With `holders` (accounts
 * holding each token id, over everyone remembered), tokens nobody else holds are left out except
 * templates: they link no one, and are most of all tokens.
 */
export function pack(
  accounts: readonly AccountSummary[],
  prevCampaignOf: (accountId: string) => string | null,
  keyOfId: ArrayLike<number>,
  scratch: Int32Array = new Int32Array(keyOfId.length).fill(-1),
  holders: Int32Array | null = null,
  opts: PackOptions = {},
): PackedPopulation {
  const n = accounts.length;
  const dims = VECTOR_DIMS;
  const withVectors = opts.vectors ?? true;
  const vectors = new Float32Array(withVectors ? n * dims : 0);
  const scalars = new Float64Array(n * S.width);
  const tokOff = new Uint32Array(n + 1);
  let total = 0;
  for (const a of accounts) total += a.tokenIds.length;
  const tokIds = new Int32Array(total);
  // scratch[id] = local id (or -1); every entry touched is reset before returning.
  const local = scratch;
  const keys: number[] = [];
  // Local id -> id in keyOfId, in local id order.
  const touched: number[] = opts.globalIds ?? [];
  const org = new Int32Array(n);
  const orgIndex = new Map<string, number>();
  const orgs: string[] = [];
  const prevCampaign = new Int32Array(n);
  const cluster = new Int32Array(n);
  const dirty = new Uint8Array(n);
  const idHash = new Uint32Array(n);
  const prevIndex = new Map<string, number>();
  const prevCampaigns: string[] = [];
  let t = 0;
  const SW = S.width;
  for (let i = 0; i < n; i++) {
    const a = accounts[i]!;
    // Element loops: TypedArray#set costs more than copying a few dozen numbers.
    if (withVectors) {
      const av = a.vector;
      const vo = i * dims;
      for (let d = 0; d < dims; d++) vectors[vo + d] = av[d]!;
    }
    const as = a.scalars;
    const so = i * SW;
    for (let c = 0; c < SW; c++) scalars[so + c] = as[c]!;
    tokOff[i] = t;
    const ids = a.tokenIds;
    for (let x = 0; x < ids.length; x++) {
      const g = ids[x]!;
      if (holders && holders[g]! < 2 && keyOfId[g]! >= TEMPLATE_KEY_END) continue;
      let id = local[g]!;
      if (id < 0) {
        id = keys.length;
        keys.push(keyOfId[g]!);
        local[g] = id;
        touched.push(g);
      }
      tokIds[t++] = id;
    }
    cluster[i] = a.cluster;
    dirty[i] = a.dirty ? 1 : 0;
    idHash[i] = a.idHash;
    org[i] = a.org ? denseIndex(orgIndex, orgs, a.org) : -1;
    const pc = prevCampaignOf(a.accountId);
    prevCampaign[i] = pc ? denseIndex(prevIndex, prevCampaigns, pc) : -1;
  }
  tokOff[n] = t;
  for (const g of touched) local[g] = -1;
  return { n, dims, vectors, scalars, tokOff, tokIds: t < total ? tokIds.slice(0, t) : tokIds, tokKeys: Float64Array.from(keys), org, orgs, cluster, dirty, idHash, prevCampaign, prevCampaigns };
}
