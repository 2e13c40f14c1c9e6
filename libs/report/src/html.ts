import { duration, escapeHtml as esc, isoMinute, pct } from './format';
import type { PlotPoint, ReportData } from './report-data';
import type { Timeline } from './timeline';
import { newHeadsCell } from './text';

const CAMPAIGN_COLOURS = ['#d62728', '#ff7f0e', '#e377c2', '#8c564b', '#bcbd22', '#9467bd'];
const BENIGN_COLOURS = ['#1f77b4', '#17becf', '#2ca02c', '#7f9fbf', '#5a8f5a', '#4c72b0', '#6baed6', '#74c476', '#9e9ac8', '#969696', '#3182bd', '#31a354'];
const MAX_POINTS = 5000;

/** Stable colour per group: campaigns in warm colours, benign look-alikes in cool ones. */
export function groupColours(rows: ReadonlyArray<{ group: string; label: 'benign' | 'campaign' }>): Map<string, string> {
  const out = new Map<string, string>();
  const sorted = [...rows].sort((a, b) => a.group.localeCompare(b.group));
  let c = 0;
  let b = 0;
  for (const r of sorted) {
    if (out.has(r.group)) continue;
    out.set(r.group, r.label === 'campaign' ? CAMPAIGN_COLOURS[c++ % CAMPAIGN_COLOURS.length]! : BENIGN_COLOURS[b++ % BENIGN_COLOURS.length]!);
  }
  return out;
}

const CSS = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d9dde3;--bg:#fff;--panel:#f6f8fa;--bad:#c62828;--good:#2e7d32}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px 32px;max-width:1280px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);margin-bottom:16px}.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:140px}
.kpi b{display:block;font-size:20px}.kpi span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);cursor:pointer;user-select:none}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:var(--good);font-weight:600}.bad{color:var(--bad);font-weight:600}.tag{display:inline-block;padding:0 6px;border-radius:9px;font-size:11px;color:#fff}
.legend{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0;font-size:12px}.legend button{border:1px solid var(--line);background:#fff;border-radius:4px;padding:2px 8px;cursor:pointer;font:inherit}
.legend button.off{opacity:.35}.sw{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}.hidden{display:none}.note{color:var(--muted);font-size:12px}
`;

// Legend toggles and sortable tables; written defensively so a missing element never throws.
const JS = `
(function(){
  document.querySelectorAll('.legend button[data-group]').forEach(function(b){
    b.addEventListener('click',function(){
      var g=b.getAttribute('data-group');b.classList.toggle('off');
      document.querySelectorAll('#cluster-plot [data-group="'+g+'"]').forEach(function(p){p.classList.toggle('hidden');});
    });
  });
  document.querySelectorAll('table.sortable th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var tb=th.closest('table').tBodies[0];if(!tb)return;
      var rows=Array.prototype.slice.call(tb.rows);var asc=th.getAttribute('data-asc')!=='1';th.setAttribute('data-asc',asc?'1':'0');
      rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent,y=b.cells[i].getAttribute('data-v')||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);var r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:String(x).localeCompare(String(y));return asc?r:-r;});
      rows.forEach(function(r){tb.appendChild(r);});
    });
  });
})();
`;

function kpi(value: string, label: string, cls = ''): string {
  return `<div class="kpi"><b class="${cls}">${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function timelineSvg(t: Timeline, colours: Map<string, string>): string {
  const rowH = 34;
  const left = 150;
  const width = 1000;
  const plotW = width - left - 70;
  const height = t.rows.length * rowH + 30;
  const bw = plotW / t.buckets;
  const parts: string[] = [];
  t.rows.forEach((r, i) => {
    const y0 = i * rowH + 4;
    const maxE = Math.max(1, ...r.events);
    const maxF = Math.max(1, ...r.flags);
    const totalE = r.events.reduce((s, x) => s + x, 0);
    const totalF = r.flags.reduce((s, x) => s + x, 0);
    parts.push(`<text x="0" y="${y0 + 18}">${esc(r.group)}</text>`);
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y0 + rowH - 6}" y2="${y0 + rowH - 6}" stroke="#e3e6ea"/>`);
    const h = rowH - 10;
    let path = `M${left},${y0 + h}`;
    r.events.forEach((e, b) => {
      path += ` L${(left + b * bw).toFixed(1)},${(y0 + h - (e / maxE) * h).toFixed(1)} L${(left + (b + 1) * bw).toFixed(1)},${(y0 + h - (e / maxE) * h).toFixed(1)}`;
    });
    path += ` L${left + plotW},${y0 + h} Z`;
    parts.push(`<path d="${path}" fill="${colours.get(r.group) ?? '#888'}" fill-opacity="0.35" stroke="${colours.get(r.group) ?? '#888'}" stroke-width="0.8"><title>${esc(r.group)}: ${totalE} events</title></path>`);
    r.flags.forEach((f, b) => {
      if (f === 0) return;
      const fh = Math.max(3, (f / maxF) * h * 0.9);
      parts.push(`<rect class="flag" x="${(left + b * bw).toFixed(1)}" y="${(y0 + h - fh).toFixed(1)}" width="${Math.max(1.5, bw - 0.5).toFixed(1)}" height="${fh.toFixed(1)}" fill="#111"><title>${esc(r.group)}: ${f} accounts flagged at ${isoMinute(t.startTs + b * t.bucketMs)}</title></rect>`);
    });
    parts.push(`<text x="${left + plotW + 6}" y="${y0 + 18}">${totalF ? `${totalF} flagged` : ''}</text>`);
  });
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const x = left + (plotW * k) / ticks;
    const ts = t.startTs + (t.bucketMs * t.buckets * k) / ticks;
    parts.push(`<text x="${x.toFixed(1)}" y="${height - 6}" text-anchor="middle">${esc(isoMinute(ts).slice(5))}</text>`);
  }
  return `<svg id="timeline" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="events and flags per group over event time">${parts.join('')}</svg>`;
}

function samplePoints(points: readonly PlotPoint[]): PlotPoint[] {
  if (points.length <= MAX_POINTS) return [...points];
  // Keep every campaign and flagged account; thin the benign crowd evenly (deterministic).
  const keep = points.filter((p) => p.label === 'campaign' || p.flagged);
  const rest = points.filter((p) => !(p.label === 'campaign' || p.flagged));
  const room = Math.max(0, MAX_POINTS - keep.length);
  const step = rest.length / Math.max(1, room);
  for (let i = 0; i < room && Math.floor(i * step) < rest.length; i++) keep.push(rest[Math.floor(i * step)]!);
  return keep;
}

function plotSvg(points: readonly PlotPoint[], colours: Map<string, string>): string {
  const W = 900;
  const H = 520;
  const pad = 30;
  const pts = samplePoints(points);
  // Robust extents (1st..99th percentile) so a few extreme accounts do not squash the rest.
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]! : 0;
  };
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1] = [q(xs, 0.005), q(xs, 0.995)];
  const [y0, y1] = [q(ys, 0.005), q(ys, 0.995)];
  const sx = (x: number) => pad + ((Math.min(x1, Math.max(x0, x)) - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  // Benign first so campaigns draw on top.
  const ordered = [...pts].sort((a, b) => (a.label === b.label ? 0 : a.label === 'benign' ? -1 : 1));
  const marks = ordered.map((p) => {
    const c = colours.get(p.group) ?? '#888';
    const x = sx(p.x).toFixed(1);
    const y = sy(p.y).toFixed(1);
    const title = `<title>${esc(p.account_id)} · ${esc(p.group)} (${p.label})${p.flagged ? ' · flagged' : ''}</title>`;
    const stroke = p.flagged ? ' stroke="#000" stroke-width="1.2"' : '';
    if (p.label === 'campaign') {
      const s = 4.2;
      return `<path class="pt" data-group="${esc(p.group)}" d="M${x},${(+y - s).toFixed(1)} L${(+x + s).toFixed(1)},${(+y + s * 0.8).toFixed(1)} L${(+x - s).toFixed(1)},${(+y + s * 0.8).toFixed(1)} Z" fill="${c}" fill-opacity="0.85"${stroke}>${title}</path>`;
    }
    return `<circle class="pt" data-group="${esc(p.group)}" cx="${x}" cy="${y}" r="${p.flagged ? 3.6 : 2.6}" fill="${c}" fill-opacity="0.55"${stroke}>${title}</circle>`;
  });
  return `<svg id="cluster-plot" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="2-D projection of account feature vectors"><rect x="0" y="0" width="${W}" height="${H}" fill="#fbfcfd" stroke="#e3e6ea"/>${marks.join('')}<text x="${W / 2}" y="${H - 8}" text-anchor="middle">PC 1</text><text x="10" y="${H / 2}" transform="rotate(-90 10 ${H / 2})" text-anchor="middle">PC 2</text></svg>`;
}

/** Renders the self-contained HTML report: one file, inline CSS, JS and SVG, no external URLs. */
export function renderReport(data: ReportData): string {
  const s = data.summary;
  const colourRows = [...data.timeline.rows, ...s.groups];
  const colours = groupColours(colourRows);
  const found = s.campaigns.filter((c) => c.found).length;
  const legendGroups = [...new Map(data.plot.points.map((p) => [p.group, p.label])).entries()].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] === 'campaign' ? -1 : 1));

  const detectedRows = s.detected
    .map(
      (d) => `<tr><td>${esc(d.campaign_id)}</td><td class="n" data-v="${d.size}">${d.size}</td><td class="n" data-v="${d.score}">${d.score.toFixed(2)}</td><td>${esc(isoMinute(d.firstFlagTs))}</td><td>${d.composition.map(([g, n]) => `<span class="tag" style="background:${colours.get(g) ?? '#888'}">${esc(g)} ${n}</span>`).join(' ')}</td><td>${esc(d.evidence.join('; ') || '-')}</td></tr>`,
    )
    .join('');
  const truthRows = s.campaigns
    .map(
      (c) => `<tr><td>${esc(c.id)}</td><td>${esc(c.group)}</td><td class="n">${c.size}</td><td class="n">${c.flagged}</td><td class="n" data-v="${c.recall}">${pct(c.recall)}</td><td class="${c.found ? 'ok' : 'bad'}">${c.found ? 'found' : 'missed'}</td><td class="n" data-v="${c.medianTimeToFlagMs ?? ''}">${duration(c.medianTimeToFlagMs)}</td><td>${esc(newHeadsCell(c))}</td><td>${esc(c.detectedAs.slice(0, 4).join(', '))}${c.detectedAs.length > 4 ? ' ...' : ''}</td></tr>`,
    )
    .join('');
  const groupRows = s.groups
    .map(
      (g) => `<tr><td><span class="sw" style="background:${colours.get(g.group) ?? '#888'}"></span>${esc(g.group)}</td><td>${g.label}</td><td class="n">${g.accounts}</td><td class="n">${g.flagged}</td><td class="n ${g.label === 'campaign' ? (g.share >= 0.9 ? 'ok' : 'bad') : g.flagged ? 'bad' : 'ok'}" data-v="${g.share}">${g.label === 'campaign' ? `recall ${pct(g.share)}` : `FP ${pct(g.share, 2)}`}</td><td class="n">${g.label === 'campaign' ? duration(g.medianTimeToFlagMs) : ''}</td></tr>`,
    )
    .join('');
  const fpRows = s.falsePositives
    .map(
      (f) => `<tr><td>${esc(f.account_id)}</td><td>${esc(f.group)}${f.unit ? ` <span class="note">${esc(f.unit)}</span>` : ''}</td><td>${esc(f.tier)}${f.verified ? ' ✓' : ''}</td><td>${esc(f.action)}</td><td class="n">${f.score.toFixed(2)}</td><td>${esc(f.explanation)}</td></tr>`,
    )
    .join('');

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(data.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(data.title)}</h1>
<div class="sub">seed ${data.scenario.seed} · ${data.scenario.accounts} accounts · ${data.scenario.hours} h of event time from ${esc(isoMinute(data.scenario.startTs))} UTC · ${data.scenario.events} events · processed in ${(data.run.wallMs / 1000).toFixed(1)} s (${Math.round(data.run.eventsPerSec)} events/s) · generated ${esc(data.generatedAt)}</div>
<div class="kpis">
${kpi(`${found}/${s.campaigns.length}`, 'campaigns found', found === s.campaigns.length ? 'ok' : 'bad')}
${kpi(s.precision.toFixed(3), 'precision (accounts)', s.precision >= 0.99 ? 'ok' : 'bad')}
${kpi(s.recall.toFixed(3), 'recall (accounts)', s.recall >= 0.95 ? 'ok' : 'bad')}
${kpi(pct(s.falsePositiveRate, 2), 'benign false-positive rate', s.falsePositiveRate <= 0.001 ? 'ok' : 'bad')}
${kpi(duration(s.medianTimeToFlagMs), 'median time to flag')}
${kpi(String(s.enterpriseFalsePositives), 'enterprise false positives', s.enterpriseFalsePositives === 0 ? 'ok' : 'bad')}
</div>

<h2>Timeline of events and flags per group</h2>
<p class="note">Shaded: events per ${duration(data.timeline.bucketMs)} bucket (each row scaled to its own peak). Black bars: accounts of the group first flagged (throttle or stronger) in that bucket.</p>
${timelineSvg(data.timeline, colours)}

<h2>Campaigns found by the detector</h2>
<table id="campaign-table" class="sortable"><thead><tr><th>campaign</th><th>size</th><th>score</th><th>first flag (UTC)</th><th>members by true group</th><th>evidence summary</th></tr></thead><tbody>${detectedRows || '<tr><td colspan="6">no campaign flagged</td></tr>'}</tbody></table>

<h2>Scenario campaigns (ground truth)</h2>
<table id="truth-table" class="sortable"><thead><tr><th>campaign</th><th>family</th><th>size</th><th>flagged</th><th>recall</th><th>verdict</th><th>median time to flag</th><th>new heads flagged</th><th>detected as</th></tr></thead><tbody>${truthRows}</tbody></table>

<h2>Account clusters</h2>
<p class="note">${esc(data.plot.method)}${data.plot.explained ? ` (axes explain ${pct(data.plot.explained[0])} and ${pct(data.plot.explained[1])} of the variance)` : ''}. Triangles: campaign accounts; circles: benign; black outline: flagged. Click a legend entry to hide a group; hover a mark for the account.</p>
<div class="legend">${legendGroups.map(([g, l]) => `<button type="button" data-group="${esc(g)}"><span class="sw" style="background:${colours.get(g) ?? '#888'}"></span>${esc(g)}${l === 'campaign' ? ' ▲' : ''}</button>`).join('')}</div>
${plotSvg(data.plot.points, colours)}

<h2>Precision and recall by group</h2>
<p>Precision <b>${s.precision.toFixed(4)}</b> · recall <b>${s.recall.toFixed(4)}</b> · TP ${s.tp} · FP ${s.fp} · FN ${s.fn} · TN ${s.tn}. An account counts as flagged when any decision reached throttle or stronger.</p>
<table id="group-table" class="sortable"><thead><tr><th>group</th><th>label</th><th>accounts</th><th>flagged</th><th>recall / FP rate</th><th>median time to flag</th></tr></thead><tbody>${groupRows}</tbody></table>

<h2>Top false positives, explained</h2>
<table id="fp-table"><thead><tr><th>account</th><th>true group</th><th>tier</th><th>action</th><th>score</th><th>why it was flagged, and what it really is</th></tr></thead><tbody>${fpRows || '<tr><td colspan="6">none: no benign account reached throttle</td></tr>'}</tbody></table>
<script>${JS}</script>
</body></html>
`;
}
