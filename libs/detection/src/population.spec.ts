import { emptyFeatureView } from '@lockstep/features';
import { S, summarizeInto, VECTOR_DIMS } from './population';

describe('summarizeInto', () => {
  it('takes the first network and card token hashes as key % 2^32, for every hash value', () => {
    const hashes = [0, 1, 2 ** 31 - 1, 2 ** 31, 0xfffffffe, 0xffffffff, 0x811c9dc5, 123456789];
    for (const net of hashes) {
      for (const card of hashes) {
        const view = emptyFeatureView();
        view.n_events = 5;
        // Token keys are kind * 2^32 + hash (kind 3 = card, 4 = /24 network), as computeTokenKeys writes them.
        view.tokenKeys = [0 * 2 ** 32 + 7, 3 * 2 ** 32 + card, 4 * 2 ** 32 + net, 4 * 2 ** 32 + 99, 3 * 2 ** 32 + 98, 7 * 2 ** 32 + 20_000];
        const sc = new Float64Array(S.width);
        const tokens = new Float64Array(view.tokenKeys.length);
        summarizeInto(view, sc, 0, new Float32Array(VECTOR_DIMS), 0, tokens, 0);
        // A zero hash reads as "none yet", so the next token of the kind is taken (as before).
        expect([sc[S.primaryNet], sc[S.card]]).toEqual([net === 0 ? 99 : net, card === 0 ? 98 : card]);
        expect([sc[S.primaryNet], sc[S.card]]).toEqual([(net === 0 ? 4 * 2 ** 32 + 99 : 4 * 2 ** 32 + net) % 2 ** 32, (card === 0 ? 3 * 2 ** 32 + 98 : 3 * 2 ** 32 + card) % 2 ** 32]);
      }
    }
  });
});
