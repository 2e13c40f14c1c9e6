export type Align = 'left' | 'right';

export interface Column<Row> {
  header: string;
  /** Cell text for a row. */
  value: (row: Row) => string | number | boolean | null | undefined;
  /** Numbers default to right alignment, everything else to left. */
  align?: Align;
  /** Longer cells are cut and end with an ellipsis. */
  maxWidth?: number;
}

function cellText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatNumber(v);
  return String(v).replace(/\s+/g, ' ');
}

/** A compact, stable number rendering for tables: integers as is, others with 3 significant decimals. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return v.toFixed(0);
  if (abs >= 100) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

function truncate(text: string, max?: number): string {
  if (max === undefined || text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

/**
 * Renders rows as a plain-text table with aligned columns, a header and a dashed rule,
 * without trailing spaces. Empty input still prints the header so scripts see the shape.
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const raw = c.value(row);
      return { text: truncate(cellText(raw), c.maxWidth), numeric: typeof raw === 'number' };
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.text.length)));
  const aligns = columns.map((c, i) => c.align ?? (cells.length > 0 && cells.every((r) => r[i]!.numeric || r[i]!.text === '-') ? 'right' : 'left'));
  const line = (parts: string[]) =>
    parts
      .map((p, i) => (aligns[i] === 'right' ? p.padStart(widths[i]!) : p.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of cells) out.push(line(r.map((c) => c.text)));
  return out.join('\n');
}

/** Renders "key  value" pairs with the values aligned, for single-object views. */
export function formatFields(pairs: ReadonlyArray<readonly [string, string | number | boolean | null | undefined]>): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${cellText(v)}`.trimEnd()).join('\n');
}

/** Event or wall time in ms -> "2026-06-01 13:05:00Z"; 0 or missing -> "-". */
export function formatTime(ms: number | null | undefined): string {
  if (!ms) return '-';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '-';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A duration in ms as the largest two units, e.g. "1h 05m", "42s", "350ms". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  rest = Math.round(rest / 1000);
  const d = Math.floor(rest / 86400);
  const h = Math.floor((rest % 86400) / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${sign}${d}d ${pad(h)}h`;
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  if (m > 0) return `${sign}${m}m ${pad(s)}s`;
  return `${sign}${s}s`;
}
