// Inline SVG sparkline of a source's recent reliability (oldest → newest). Updated in place.

import { s } from './dom';
import { fixed2, signed } from './format';

const W = 84;
const H = 22;
const PAD = 2.5;

export interface Sparkline {
  el: SVGSVGElement;
  update(trend: readonly number[]): void;
}

/** Net change over the trend (last − first); 0 for fewer than two points. Used to sort by trend. */
export function trendChange(trend: readonly number[]): number {
  if (trend.length < 2) return 0;
  return (trend[trend.length - 1] ?? 0) - (trend[0] ?? 0);
}

export function sparkline(): Sparkline {
  const title = s('title');
  const base = s('line', { class: 'spark-mid', x1: 0, x2: W, y1: H / 2, y2: H / 2 });
  const line = s('polyline', { class: 'spark-line', fill: 'none' });
  const dot = s('circle', { class: 'spark-dot', r: 2.2 });
  const el = s('svg', {
    class: 'spark', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', focusable: 'false',
  }, title, base, line, dot);

  const update = (trend: readonly number[]): void => {
    if (trend.length === 0) {
      line.setAttribute('points', '');
      dot.setAttribute('visibility', 'hidden');
      title.textContent = 'No score history yet';
      el.setAttribute('aria-label', 'No score history yet');
      return;
    }
    // Auto-scale around the data, but never zoom closer than a 0.2 span so small moves stay small.
    let lo = Math.min(...trend), hi = Math.max(...trend);
    if (hi - lo < 0.2) {
      const mid = (hi + lo) / 2;
      lo = Math.max(0, mid - 0.1);
      hi = Math.min(1, lo + 0.2);
      lo = hi - 0.2;
    }
    const x = (i: number): number => (trend.length === 1 ? W - PAD : PAD + (i * (W - 2 * PAD)) / (trend.length - 1));
    const y = (v: number): number => PAD + (1 - (v - lo) / (hi - lo)) * (H - 2 * PAD);
    const points = trend.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    line.setAttribute('points', trend.length === 1 ? `${PAD},${y(trend[0] ?? 0).toFixed(1)} ${points}` : points);
    const last = trend[trend.length - 1] ?? 0;
    dot.setAttribute('cx', x(trend.length - 1).toFixed(1));
    dot.setAttribute('cy', y(last).toFixed(1));
    dot.setAttribute('visibility', 'visible');
    const change = trendChange(trend);
    el.setAttribute('class', `spark ${change > 0.005 ? 'up' : change < -0.005 ? 'down' : 'flat'}`);
    const label = `Trend over the last ${trend.length} score version${trend.length === 1 ? '' : 's'}: ${fixed2(trend[0] ?? 0)} → ${fixed2(last)} (${signed(change)})`;
    title.textContent = label;
    el.setAttribute('aria-label', label);
  };
  return { el, update };
}
