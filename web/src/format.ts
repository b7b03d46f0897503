// Number, date and chip formatting shared by the pages.

import { h } from './dom';
import type { ScoreDto } from './types';

export const fixed2 = (n: number): string => n.toFixed(2);

/** "+0.12" / "−0.08" (true minus sign) / "±0.00". */
export function signed(n: number, digits = 2): string {
  const r = Number(n.toFixed(digits));
  if (r === 0) return `±${(0).toFixed(digits)}`;
  return r > 0 ? `+${r.toFixed(digits)}` : `\u2212${Math.abs(r).toFixed(digits)}`;
}

export function deltaEl(delta: number | null | undefined): HTMLElement {
  if (delta === null || delta === undefined) return h('span', { class: 'delta muted' }, '—');
  const r = Number(delta.toFixed(2));
  const cls = r > 0 ? 'up' : r < 0 ? 'down' : 'flat';
  return h('span', { class: `delta ${cls}`, title: `Change in reliability: ${delta.toFixed(4)}` }, signed(delta));
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
export function relativeTime(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(seconds / 86400), 'day');
  if (abs < 86400 * 365) return rtf.format(Math.round(seconds / (86400 * 30)), 'month');
  return rtf.format(Math.round(seconds / (86400 * 365)), 'year');
}

/** A <time> that shows relative time; refreshRelativeTimes() keeps it current. */
export function timeAgo(iso: string): HTMLTimeElement {
  return h('time', { datetime: iso, title: formatDateTime(iso), 'data-relative': true }, relativeTime(iso));
}

export function refreshRelativeTimes(root: ParentNode): void {
  const now = Date.now();
  root.querySelectorAll<HTMLTimeElement>('time[data-relative]').forEach((t) => {
    const text = relativeTime(t.dateTime, now);
    if (t.textContent !== text) t.textContent = text;
  });
}

export const GRADE_MEANING: Record<string, string> = {
  A: 'A — completely reliable (reliability ≥ 0.875)',
  B: 'B — usually reliable (reliability ≥ 0.625)',
  C: 'C — fairly reliable (reliability ≥ 0.375)',
  D: 'D — not usually reliable (reliability ≥ 0.125)',
  E: 'E — unreliable (reliability < 0.125)',
  F: 'F — cannot be judged: fewer than 3 resolved claims’ worth of evidence',
};

export function gradeTitle(grade: string | null | undefined): string {
  if (!grade) return 'No score yet';
  return `Admiralty grade ${GRADE_MEANING[grade] ?? grade}`;
}

export function gradeChip(score: ScoreDto | null): HTMLElement {
  const el = h('span', { class: 'grade', 'data-field': 'grade' });
  setGradeChip(el, score);
  return el;
}

export function setGradeChip(el: HTMLElement, score: ScoreDto | null): void {
  const grade = score?.grade ?? '–';
  el.textContent = grade;
  el.className = `grade grade-${/^[A-F]$/.test(grade) ? grade : 'none'}`;
  el.title = gradeTitle(score?.grade);
  el.setAttribute('aria-label', gradeTitle(score?.grade));
}

export function statusChip(status: string): HTMLElement {
  return h('span', { class: `chip status-${status}`, 'data-field': 'status' }, status.replace('-', ' '));
}

export function outcomeChip(outcome: string): HTMLElement {
  return h('span', { class: `chip status-${outcome}` }, outcome.replace('-', ' '));
}

export function kindLabel(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

export function intervalLabel(score: ScoreDto): string {
  return `Reliability ${fixed2(score.reliability)}, 90% interval ${fixed2(score.lower)}–${fixed2(score.upper)}`;
}

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

/** Interval bar: track 0..1, shaded band lower..upper, marker at the point estimate. */
export function intervalBar(): { el: HTMLElement; update: (score: ScoreDto | null) => void } {
  const band = h('span', { class: 'ibar-band' });
  const mark = h('span', { class: 'ibar-mark' });
  const el = h('span', { class: 'ibar', role: 'img' }, band, mark);
  const update = (score: ScoreDto | null): void => {
    if (!score) {
      el.classList.add('empty');
      el.setAttribute('aria-label', 'No score yet');
      el.title = 'No score yet';
      return;
    }
    el.classList.remove('empty');
    const lo = clamp01(score.lower), hi = clamp01(score.upper);
    band.style.left = `${lo * 100}%`;
    band.style.width = `${Math.max(0, hi - lo) * 100}%`;
    mark.style.left = `${clamp01(score.reliability) * 100}%`;
    const label = intervalLabel(score);
    el.setAttribute('aria-label', label);
    el.title = label;
  };
  return { el, update };
}

export function confidenceText(statedConfidence: number | null, phrase: string | null): string {
  if (statedConfidence === null && !phrase) return '—';
  if (statedConfidence === null) return phrase ?? '—';
  return phrase ? `${fixed2(statedConfidence)} · ${phrase}` : fixed2(statedConfidence);
}

export function splitList(value: string): string[] {
  return value.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
}
