// Just enough PromQL reading to say which metrics (and which of their labels) an expression selects.
// Not a parser: it relies on the expressions in deploy/ being plain selectors, functions,
// aggregations and binary operators, and is itself tested against tricky cases.

export interface Selector {
  metric: string;
  /** Label names used in the selector's matchers ({a="x", b=~"y"}). */
  labels: string[];
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);

/** Grafana's interval variables stand where a duration goes. */
function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?[A-Za-z_]\w*\}?/g, 'x');
}

/** Every metric selector in the expression, in order of appearance. */
export function selectorsIn(expr: string): Selector[] {
  const found: Selector[] = [];
  let s = withoutGrafanaVariables(expr);
  // String literals first, so that nothing inside a regex matcher is read as PromQL.
  s = s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  s = s.replace(/([A-Za-z_:][\w:]*)?(\s*)\{([^}]*)\}/g, (_m, metric: string | undefined, _sp: string, body: string) => {
    const labels = [...body.matchAll(/([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]!);
    // A function or keyword right before a brace is not a metric (e.g. `on{`, never valid anyway).
    if (metric && !KEYWORDS.has(metric)) {
      found.push({ metric, labels });
      return ' ';
    }
    return ' ';
  });
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  for (const m of s.matchAll(/[A-Za-z_:][\w:]*/g)) {
    const name = m[0];
    const before = s[m.index! - 1] ?? ' ';
    if (/[\w.]/.test(before)) continue; // the tail of a number or duration: 1e3, 15m
    if (KEYWORDS.has(name.toLowerCase())) continue;
    const after = s.slice(m.index! + name.length).trimStart();
    if (after.startsWith('(')) continue; // a function or aggregation
    found.push({ metric: name, labels: [] });
  }
  return found;
}

/** The distinct metric names an expression reads. */
export function metricNamesIn(expr: string): string[] {
  return [...new Set(selectorsIn(expr).map((s) => s.metric))];
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** Metric families from Prometheus text exposition (`# TYPE name type` lines). */
export function familiesIn(exposition: string): Map<string, MetricType> {
  const out = new Map<string, MetricType>();
  for (const m of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2] as MetricType);
  return out;
}

/** The series names a family produces: histograms add _bucket/_sum/_count, summaries _sum/_count. */
export function seriesNames(family: string, type: MetricType): string[] {
  if (type === 'histogram') return [`${family}_bucket`, `${family}_sum`, `${family}_count`];
  if (type === 'summary') return [family, `${family}_sum`, `${family}_count`];
  return [family];
}

/** Label names seen on the samples of each series name in a text exposition. */
export function sampleLabelsIn(exposition: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of exposition.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!m) continue;
    const set = out.get(m[1]!) ?? new Set<string>();
    for (const l of (m[2] ?? '').matchAll(/([A-Za-z_]\w*)="/g)) set.add(l[1]!);
    out.set(m[1]!, set);
  }
  return out;
}
