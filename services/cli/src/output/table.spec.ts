import { formatDuration, formatFields, formatNumber, formatTable, formatTime } from './table';

describe('formatTable', () => {
  const rows = [
    { id: 'acct_1', action: 'suspend', score: 0.9712 },
    { id: 'acct_22222', action: 'allow', score: 12 },
  ];
  const cols = [
    { header: 'ACCOUNT', value: (r: (typeof rows)[number]) => r.id },
    { header: 'ACTION', value: (r: (typeof rows)[number]) => r.action },
    { header: 'SCORE', value: (r: (typeof rows)[number]) => r.score },
  ];

  it('aligns columns, right-aligns numeric columns and leaves no trailing spaces', () => {
    expect(formatTable(rows, cols).split('\n')).toEqual([
      'ACCOUNT     ACTION   SCORE',
      '----------  -------  -----',
      'acct_1      suspend  0.971',
      'acct_22222  allow       12',
    ]);
  });

  it('prints the header alone for an empty list', () => {
    expect(formatTable([], cols)).toBe('ACCOUNT  ACTION  SCORE\n-------  ------  -----');
  });

  it('shows missing values as a dash and truncates long cells with an ellipsis', () => {
    const out = formatTable([{ a: undefined as string | undefined, b: 'abcdefghij' }], [
      { header: 'A', value: (r) => r.a },
      { header: 'B', value: (r) => r.b, maxWidth: 5 },
    ]);
    expect(out.split('\n')[2]).toBe('-  abcd…');
  });

  it('keeps one row per line when a cell holds a newline', () => {
    const out = formatTable([{ s: 'two\nlines' }], [{ header: 'S', value: (r) => r.s }]);
    expect(out.split('\n')).toHaveLength(3);
    expect(out).toContain('two lines');
  });
});

describe('formatFields', () => {
  it('aligns values after the longest key', () => {
    expect(formatFields([['server', '127.0.0.1:1'], ['shadow mode', 'off'], ['accounts', 3]])).toBe(
      'server:       127.0.0.1:1\nshadow mode:  off\naccounts:     3',
    );
  });
});

describe('value formatting', () => {
  it.each([
    [0, '0'],
    [12, '12'],
    [0.123456, '0.123'],
    [3.14159, '3.14'],
    [123.456, '123.5'],
    [123456.7, '123457'],
  ])('formatNumber(%p) = %p', (v, s) => expect(formatNumber(v)).toBe(s));

  it.each([
    [350, '350ms'],
    [42_000, '42s'],
    [65_000, '1m 05s'],
    [3_900_000, '1h 05m'],
    [90_000_000, '1d 01h'],
  ])('formatDuration(%p) = %p', (v, s) => expect(formatDuration(v)).toBe(s));

  it('formats times in UTC and a zero time as a dash', () => {
    expect(formatTime(Date.UTC(2026, 5, 1, 13, 5, 0))).toBe('2026-06-01 13:05:00Z');
    expect(formatTime(0)).toBe('-');
  });
});
