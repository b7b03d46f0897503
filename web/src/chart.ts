// Score-over-time chart (inline SVG): reliability as a step line over computedAt, the 90% interval as a
// shaded band, a marker on every version caused by verdicts, date and 0–1 axes, Admiralty grade bands.

import { s } from './dom';
import { fixed2, formatDate, signed } from './format';
import type { ScoreHistoryEntry } from './types';

const HEIGHT = 260;
const M = { top: 14, right: 26, bottom: 30, left: 38 };
const DAY = 86_400_000;

export interface ChartOptions {
  /** Text for a verdict id in marker tooltips (e.g. "refuted: “Claim text…”"). */
  describeVerdict?: (id: number) => string | null;
}

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const year = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'UTC' });

/** @param history newest first, as the API returns it. */
export function scoreChart(history: readonly ScoreHistoryEntry[], width: number, opts: ChartOptions = {}): SVGSVGElement {
  const W = Math.max(300, Math.round(width));
  const entries = [...history].sort((a, b) => a.version - b.version);
  const svg = s('svg', {
    'data-testid': 'score-chart', class: 'score-chart', width: W, height: HEIGHT, viewBox: `0 0 ${W} ${HEIGHT}`,
    role: 'img', 'aria-label': chartLabel(entries),
  });
  const plotW = W - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const y = (v: number): number => M.top + (1 - Math.min(1, Math.max(0, v))) * plotH;

  // Grade bands (subtle) and the 0–1 axis.
  const bands = s('g', { class: 'grade-bands' });
  const cuts = [1, 0.875, 0.625, 0.375, 0.125, 0];
  ['A', 'B', 'C', 'D', 'E'].forEach((g, i) => {
    const top = cuts[i] ?? 1, bottom = cuts[i + 1] ?? 0;
    bands.append(s('text', { x: W - M.right + 8, y: (y(top) + y(bottom)) / 2 + 4, class: `band-label grade-text-${g}` }, g));
  });
  svg.append(bands);
  const yAxis = s('g', { class: 'axis y' });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    yAxis.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: t === 0 ? 'grid base' : 'grid' }),
      s('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, t === 0 || t === 1 ? String(t) : t.toFixed(2)),
    );
  }
  svg.append(yAxis);

  if (entries.length === 0) {
    svg.append(s('text', { x: M.left + plotW / 2, y: M.top + plotH / 2, 'text-anchor': 'middle', class: 'no-data' }, 'No score history yet'));
    return svg;
  }

  const times = entries.map((e) => new Date(e.computedAt).getTime());
  let t0 = Math.min(...times), t1 = Math.max(...times);
  const single = t1 - t0 < 1000;
  if (single) { t0 -= DAY; t1 += DAY; }
  const x = (t: number): number => M.left + ((t - t0) / (t1 - t0)) * plotW;

  // X axis ticks at calendar boundaries (days, months or years), as many as fit.
  const xAxis = s('g', { class: 'axis x' });
  const maxTicks = Math.max(2, Math.min(9, Math.floor(plotW / 90)));
  const ticks = timeTicks(t0, t1, maxTicks);
  ticks.forEach(({ t, label }) => {
    const tx = x(t);
    const anchor = tx - M.left < 20 ? 'start' : M.left + plotW - tx < 20 ? 'end' : 'middle';
    xAxis.append(
      s('line', { x1: tx, x2: tx, y1: M.top + plotH, y2: M.top + plotH + 4, class: 'tick' }),
      s('text', { x: tx, y: HEIGHT - 10, 'text-anchor': anchor }, label),
    );
  });
  svg.append(xAxis);

  // Step paths: each version holds until the next one.
  const pts = entries.map((e, i) => ({ e, x: x(times[i] ?? t0) }));
  const endX = single ? M.left + plotW : x(t1);
  const startX = single ? M.left : pts[0]?.x ?? M.left;
  let line = '', upper = '', lower = '';
  pts.forEach((p, i) => {
    const px = i === 0 ? startX : p.x;
    const nx = pts[i + 1]?.x ?? endX;
    const sc = p.e.score;
    line += `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${y(sc.reliability).toFixed(1)} L${nx.toFixed(1)},${y(sc.reliability).toFixed(1)} `;
    upper += `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${y(sc.upper).toFixed(1)} L${nx.toFixed(1)},${y(sc.upper).toFixed(1)} `;
  });
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    if (!p) continue;
    const px = i === 0 ? startX : p.x;
    const nx = pts[i + 1]?.x ?? endX;
    lower += `L${nx.toFixed(1)},${y(p.e.score.lower).toFixed(1)} L${px.toFixed(1)},${y(p.e.score.lower).toFixed(1)} `;
  }
  svg.append(
    s('path', { d: `${upper}${lower}Z`, class: 'band' }, s('title', {}, '90% interval')),
    s('path', { d: line, class: 'line', fill: 'none' }),
  );

  // Markers on versions caused by verdicts.
  const markers = s('g', { class: 'markers' });
  for (const p of pts) {
    const ids = p.e.causeVerdictIds ?? [];
    if (!ids.length) continue;
    const cx = single ? M.left + plotW / 2 : p.x;
    const parts = ids.map((id) => {
      const d = opts.describeVerdict?.(id);
      return d ? `#${id} ${d}` : `#${id}`;
    });
    const text = `${formatDate(p.e.computedAt)} · version ${p.e.version} · ${signed(p.e.delta)} → ${fixed2(p.e.score.reliability)}\n`
      + `Verdict${ids.length === 1 ? '' : 's'} ${parts.join('\n')}`;
    markers.append(s('circle', {
      cx: cx.toFixed(1), cy: y(p.e.score.reliability).toFixed(1), r: 4.5,
      class: `marker ${p.e.delta > 0.0049 ? 'up' : p.e.delta < -0.0049 ? 'down' : 'flat'}`,
      'data-verdict-ids': ids.join(','), 'data-version': p.e.version, tabindex: 0, 'aria-label': text.replace('\n', '. '),
    }, s('title', {}, text)));
  }
  // The current value.
  const last = pts[pts.length - 1];
  if (last) {
    markers.append(s('circle', { cx: endX.toFixed(1), cy: y(last.e.score.reliability).toFixed(1), r: 3, class: 'current' },
      s('title', {}, `Current: ${fixed2(last.e.score.reliability)} (${fixed2(last.e.score.lower)}–${fixed2(last.e.score.upper)})`)));
  }
  svg.append(markers);
  return svg;
}

/** Calendar-aligned ticks between t0 and t1: every N years, N months or N days, at most maxTicks. */
export function timeTicks(t0: number, t1: number, maxTicks: number): { t: number; label: string }[] {
  const span = t1 - t0;
  const start = new Date(t0);
  const out: { t: number; label: string }[] = [];
  const years = span / (365.25 * DAY);
  if (years >= 2) {
    const step = [1, 2, 5, 10, 20, 50].find((n) => years / n <= maxTicks) ?? 100;
    let y = Math.ceil(start.getUTCFullYear() / step) * step;
    for (; ; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t > t1) break;
      if (t >= t0) out.push({ t, label: year.format(new Date(t)) });
    }
  } else if (span >= 60 * DAY) {
    const months = span / (30.44 * DAY);
    const step = [1, 2, 3, 6, 12].find((n) => months / n <= maxTicks) ?? 12;
    let m = start.getUTCFullYear() * 12 + start.getUTCMonth();
    m = Math.ceil(m / step) * step;
    for (; ; m += step) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (t > t1) break;
      if (t >= t0) out.push({ t, label: monthYear.format(new Date(t)) });
    }
  } else if (span < 2 * DAY) {
    const hm = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
    out.push({ t: t0, label: hm.format(new Date(t0)) }, { t: t1, label: hm.format(new Date(t1)) });
  } else {
    const days = Math.max(1, span / DAY);
    const step = [1, 2, 7, 14, 30].find((n) => days / n <= maxTicks) ?? 30;
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    if (t < t0) t += DAY;
    for (; t <= t1; t += step * DAY) out.push({ t, label: dayMonth.format(new Date(t)) });
  }
  if (out.length === 0) out.push({ t: t0, label: dayMonth.format(new Date(t0)) }, { t: t1, label: dayMonth.format(new Date(t1)) });
  return out;
}

function chartLabel(entries: readonly ScoreHistoryEntry[]): string {
  const first = entries[0], last = entries[entries.length - 1];
  if (!first || !last) return 'Score over time: no history yet';
  return `Score over time: ${entries.length} version${entries.length === 1 ? '' : 's'} from ${formatDate(first.computedAt)} `
    + `(${fixed2(first.score.reliability)}) to ${formatDate(last.computedAt)} (${fixed2(last.score.reliability)})`;
}
