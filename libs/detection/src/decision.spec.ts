import { summaryHead, summaryLine } from './decision';
import type { Evidence } from './evidence';

/** summaryLine as it was written before summaryHead split it: the reference. */
function referenceLine(campaignId: string, size: number, score: number, evidence: Evidence[], how: string): string {
  const top = evidence
    .filter((e) => e.weight > 0 && e.signal !== 'membership')
    .sort((a, b) => b.weight - a.weight || (a.signal < b.signal ? -1 : 1))
    .slice(0, 3)
    .map((e) => `${e.signal} ${e.value}`);
  return `campaign ${campaignId} (${size} accounts, score ${score.toFixed(2)}): ${top.join(', ')}; ${how}`;
}

const ev = (signal: string, value: number, weight: number): Evidence => ({ signal, value, weight, detail: `${signal} detail` });

describe('summaryHead', () => {
  const cases: [string, number, number, Evidence[]][] = [
    ['cmp_1', 12, 0.9, [ev('young_accounts', 1, 2.5), ev('same_org', 0, 0)]],
    // Ties on weight sort by signal; membership and non-positive weights never show.
    ['cmp_2', 40, 0.98765, [ev('size', 0.9, 0.9), ev('card_reuse', 0.45, 0.9), ev('membership', 1, 5), ev('same_org', 0.5, -2), ev('proxy_churn', 0.3, 0.6), ev('harvested_pool', 0.2, 1.3)]],
    ['cmp_3', 3, 0.5, []],
  ];

  it.each(cases)('is summaryLine up to the account tie (%s)', (id, size, score, evidence) => {
    for (const how of ['linked by clustering', 'renewal; linked by clustering', 'inherited: shares 2 campaign tokens (a, b)']) {
      expect(summaryHead(id, size, score, evidence) + how).toBe(referenceLine(id, size, score, evidence, how));
      expect(summaryLine(id, size, score, evidence, how)).toBe(referenceLine(id, size, score, evidence, how));
    }
  });
});
