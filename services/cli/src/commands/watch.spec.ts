import { watchHeader, watchRow } from './watch';

describe('watch rows', () => {
  it('line up under the header', () => {
    const row = watchRow({
      sequence: 42, account_id: 'acct_1', action: 'SUSPEND', reason_code: 'detector', campaign_id: 'cmp_1', decision_id: 'd1',
      changed_at_ms: Date.UTC(2026, 5, 1, 10, 0, 0), expires_at_ms: 0,
    });
    const header = watchHeader();
    expect(row).toBe('2026-06-01 10:00:00Z  42        acct_1                    suspend    detector      cmp_1             -');
    for (const col of ['SEQ', 'ACCOUNT', 'ACTION', 'REASON', 'CAMPAIGN', 'EXPIRES']) {
      const at = header.indexOf(col);
      expect(row[at - 1]).toBe(' ');
      expect(row[at]).not.toBe(' ');
    }
  });
});
