// The sources table: rows are built once and updated cell by cell; a live change moves only its row.
// Work from many events is batched into one animation frame.

import { h, link } from './dom';
import { fixed2, gradeChip, intervalBar, intervalLabel, kindLabel, setGradeChip } from './format';
import { sparkline, trendChange, type Sparkline } from './sparkline';
import type { StoreChange } from './store';
import type { BoardSource } from './types';

export const SORT_KEYS = ['name', 'kind', 'grade', 'reliability', 'confirmed', 'refuted', 'open', 'trend'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface TableQuery {
  sort: SortKey;
  dir: SortDir;
  kind: string;
  q: string;
}

export const DEFAULT_QUERY: TableQuery = { sort: 'reliability', dir: 'desc', kind: '', q: '' };

/** Direction a column sorts in when first clicked. */
const FIRST_DIR: Record<SortKey, SortDir> = {
  name: 'asc', kind: 'asc', grade: 'asc', reliability: 'desc', confirmed: 'desc', refuted: 'desc', open: 'desc', trend: 'desc',
};

const COLUMNS: { key: SortKey; label: string; cls: string; title: string }[] = [
  { key: 'name', label: 'Source', cls: 'c-name', title: 'Sort by name' },
  { key: 'kind', label: 'Kind', cls: 'c-kind', title: 'Sort by kind' },
  { key: 'grade', label: 'Grade', cls: 'c-grade', title: 'Sort by Admiralty grade (A best; F cannot be judged)' },
  { key: 'reliability', label: 'Reliability · 90% int.', cls: 'c-rel', title: 'Sort by reliability' },
  { key: 'confirmed', label: 'Conf.', cls: 'c-num', title: 'Sort by confirmed claims' },
  { key: 'refuted', label: 'Ref.', cls: 'c-num', title: 'Sort by refuted claims' },
  { key: 'open', label: 'Open', cls: 'c-num', title: 'Sort by open claims' },
  { key: 'trend', label: 'Trend', cls: 'c-trend', title: 'Sort by change over the last 20 score versions' },
];

const GRADE_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3, E: 4, F: 5 };

function sortValue(s: BoardSource, key: SortKey): number | string | null {
  switch (key) {
    case 'name': return s.name.toLocaleLowerCase();
    case 'kind': return s.kind;
    case 'grade': return s.score ? GRADE_RANK[s.score.grade] ?? 6 : null;
    case 'reliability': return s.score ? s.score.reliability : null;
    case 'confirmed': return s.score ? s.score.confirmed : null;
    case 'refuted': return s.score ? s.score.refuted : null;
    case 'open': return s.score ? s.score.open : null;
    case 'trend': return s.trend.length ? trendChange(s.trend) : null;
  }
}

/** Comparator for a query: the chosen column in its direction (no score always last), then name, then id. */
export function comparator(sort: SortKey, dir: SortDir): (a: BoardSource, b: BoardSource) => number {
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const va = sortValue(a, sort), vb = sortValue(b, sort);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      if (typeof va === 'number' && typeof vb === 'number') {
        if (va !== vb) return sign * (va - vb);
      } else {
        const c = String(va).localeCompare(String(vb));
        if (c !== 0) return sign * c;
      }
    }
    const byName = a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    return byName !== 0 ? byName : a.id - b.id;
  };
}

/** Name or any alias contains the search text (case-insensitive); kind matches when set. */
export function matches(s: BoardSource, kind: string, q: string): boolean {
  if (kind && s.kind !== kind) return false;
  const needle = q.trim().toLocaleLowerCase();
  if (!needle) return true;
  return s.name.toLocaleLowerCase().includes(needle) || s.aliases.some((a) => a.toLocaleLowerCase().includes(needle));
}

interface Row {
  id: number;
  source: BoardSource;
  tr: HTMLTableRowElement;
  name: HTMLAnchorElement;
  aliases: HTMLElement;
  kind: HTMLElement;
  grade: HTMLElement;
  reliability: HTMLElement;
  bar: { el: HTMLElement; update: (s: BoardSource['score']) => void };
  confirmed: HTMLElement;
  refuted: HTMLElement;
  open: HTMLElement;
  spark: Sparkline;
  flashTimer: number | undefined;
  visible: boolean;
}

const setText = (el: HTMLElement, text: string): void => { if (el.textContent !== text) el.textContent = text; };

/** Above this many moved rows in one frame, a full re-order is cheaper than moving rows one by one. */
const BULK_THRESHOLD = 150;
const FLASH_MS = 2000;

export class SourcesTable {
  readonly el: HTMLElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private readonly empty: HTMLElement;
  private rows = new Map<number, Row>();
  private order: Row[] = [];
  private cmp: (a: BoardSource, b: BoardSource) => number;
  private pending: { scored: Set<number>; touched: Set<number> } = { scored: new Set(), touched: new Set() };
  private frame = 0;
  private getSource: (id: number) => BoardSource | undefined;

  constructor(
    private query: TableQuery,
    private readonly onSort: (sort: SortKey, dir: SortDir) => void,
    getSource: (id: number) => BoardSource | undefined,
    private readonly onCount: (shown: number, total: number) => void,
  ) {
    this.getSource = getSource;
    this.cmp = comparator(query.sort, query.dir);
    const headRow = h('tr', { role: 'row' });
    for (const col of COLUMNS) {
      const button = h('button', { type: 'button', 'data-sort': col.key, title: col.title },
        col.label, h('span', { class: 'sort-ind', 'aria-hidden': 'true' }));
      button.addEventListener('click', () => {
        const dir: SortDir = this.query.sort === col.key ? (this.query.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[col.key];
        this.onSort(col.key, dir);
      });
      const th = h('th', { scope: 'col', role: 'columnheader', class: col.cls }, button);
      this.headers.set(col.key, th);
      headRow.append(th);
    }
    this.tbody = h('tbody', { role: 'rowgroup' });
    // Laid out as a CSS grid (see styles.css), so the table semantics are stated with ARIA roles.
    const table = h('table', { class: 'sources', role: 'table', 'aria-label': 'Sources and their reliability' },
      h('thead', { role: 'rowgroup' }, headRow), this.tbody);
    this.empty = h('p', { class: 'empty', hidden: true }, 'No source matches the search and filter.');
    this.el = h('div', { class: 'table-wrap' }, table, this.empty);
    this.updateHeaders();
  }

  /** Builds every row from scratch (first load or a reset snapshot). */
  rebuild(sources: Iterable<BoardSource>): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = { scored: new Set(), touched: new Set() };
    for (const row of this.rows.values()) window.clearTimeout(row.flashTimer);
    this.rows = new Map();
    for (const s of sources) this.rows.set(s.id, this.createRow(s));
    this.reorder();
  }

  setQuery(query: TableQuery): void {
    const resort = query.sort !== this.query.sort || query.dir !== this.query.dir;
    this.query = query;
    if (resort) this.cmp = comparator(query.sort, query.dir);
    this.updateHeaders();
    this.reorder();
  }

  /** Queues a store change; DOM work happens once per animation frame. */
  applyChange(change: StoreChange): void {
    for (const id of change.scored) this.pending.scored.add(id);
    for (const id of change.touched) this.pending.touched.add(id);
    for (const id of change.added) this.pending.touched.add(id);
    for (const id of change.edited) this.pending.touched.add(id);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    for (const row of this.rows.values()) window.clearTimeout(row.flashTimer);
  }

  private flush(): void {
    this.frame = 0;
    const { scored, touched } = this.pending;
    this.pending = { scored: new Set(), touched: new Set() };
    const moved: Row[] = [];
    for (const id of touched) {
      const source = this.getSource(id);
      if (!source) continue;
      let row = this.rows.get(id);
      if (!row) {
        row = this.createRow(source);
        this.rows.set(id, row);
        moved.push(row);
        continue;
      }
      if (row.source === source) continue; // nothing new for this row
      row.source = source;
      this.fill(row);
      moved.push(row);
    }
    if (moved.length > BULK_THRESHOLD) {
      this.reorder();
    } else {
      for (const row of moved) this.place(row);
      this.onCount(this.order.length, this.rows.size);
      this.empty.hidden = this.order.length > 0;
    }
    for (const id of scored) {
      const row = this.rows.get(id);
      if (row) this.flash(row);
    }
  }

  /** Puts one row where the current filter and sort say, moving only its own node. */
  private place(row: Row): void {
    const shouldShow = matches(row.source, this.query.kind, this.query.q);
    const at = row.visible ? this.order.indexOf(row) : -1;
    if (at >= 0) this.order.splice(at, 1);
    if (!shouldShow) {
      if (row.visible) row.tr.remove();
      row.visible = false;
      return;
    }
    // Binary search for the insertion point.
    let lo = 0, hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.order[mid];
      if (other && this.cmp(other.source, row.source) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.order.splice(lo, 0, row);
    const nextTr = this.order[lo + 1]?.tr ?? null;
    if (!row.visible || row.tr.nextElementSibling !== nextTr || row.tr.parentNode !== this.tbody) {
      this.tbody.insertBefore(row.tr, nextTr);
    }
    row.visible = true;
  }

  /** Full filter + sort; re-appends rows (used for query changes, resets and large bursts). */
  private reorder(): void {
    const visible: Row[] = [];
    for (const row of this.rows.values()) {
      row.visible = matches(row.source, this.query.kind, this.query.q);
      if (row.visible) visible.push(row);
    }
    visible.sort((a, b) => this.cmp(a.source, b.source));
    this.order = visible;
    this.tbody.replaceChildren(...visible.map((r) => r.tr));
    this.empty.hidden = visible.length > 0;
    this.onCount(visible.length, this.rows.size);
  }

  private flash(row: Row): void {
    window.clearTimeout(row.flashTimer);
    const start = (): void => {
      row.tr.classList.add('flash');
      row.flashTimer = window.setTimeout(() => row.tr.classList.remove('flash'), FLASH_MS);
    };
    if (row.tr.classList.contains('flash')) {
      // Restart the animation next frame without forcing a synchronous layout.
      row.tr.classList.remove('flash');
      requestAnimationFrame(start);
    } else {
      start();
    }
  }

  private updateHeaders(): void {
    for (const [key, th] of this.headers) {
      const active = key === this.query.sort;
      th.setAttribute('aria-sort', active ? (this.query.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      const ind = th.querySelector('.sort-ind');
      if (ind) ind.textContent = active ? (this.query.dir === 'asc' ? '▲' : '▼') : '';
    }
  }

  private createRow(source: BoardSource): Row {
    const name = link(`/sources/${source.id}`, source.name, { class: 'src-name' });
    const aliases = h('span', { class: 'aliases' });
    const kind = h('td', { class: 'c-kind', role: 'cell' });
    const grade = gradeChip(source.score);
    const reliability = h('span', { class: 'rel-num', 'data-field': 'reliability' });
    const bar = intervalBar();
    const confirmed = h('td', { class: 'c-num', role: 'cell', 'data-field': 'confirmed' });
    const refuted = h('td', { class: 'c-num', role: 'cell', 'data-field': 'refuted' });
    const open = h('td', { class: 'c-num', role: 'cell', 'data-field': 'open' });
    const spark = sparkline();
    const tr = h('tr', { 'data-source-id': source.id, role: 'row' },
      h('th', { scope: 'row', role: 'rowheader', class: 'c-name' }, name, aliases),
      kind,
      h('td', { class: 'c-grade', role: 'cell' }, grade),
      h('td', { class: 'c-rel', role: 'cell' }, reliability, bar.el),
      confirmed, refuted, open,
      h('td', { class: 'c-trend', role: 'cell' }, spark.el),
    );
    const row: Row = {
      id: source.id, source, tr, name, aliases, kind, grade, reliability, bar, confirmed, refuted, open, spark,
      flashTimer: undefined, visible: false,
    };
    this.fill(row);
    return row;
  }

  /** Writes the row's cells from its source, touching only text that changed. */
  private fill(row: Row): void {
    const s = row.source;
    setText(row.name, s.name);
    const aliasText = s.aliases.join(' · ');
    setText(row.aliases, aliasText);
    row.aliases.title = aliasText ? `Also known as: ${s.aliases.join(', ')}` : '';
    row.name.title = aliasText ? `${s.name} — also: ${s.aliases.join(', ')}` : s.name;
    setText(row.kind, kindLabel(s.kind));
    setGradeChip(row.grade, s.score);
    const score = s.score;
    setText(row.reliability, score ? fixed2(score.reliability) : '—');
    row.reliability.title = score ? intervalLabel(score) : 'No score yet';
    row.bar.update(score);
    setText(row.confirmed, score ? String(score.confirmed) : '—');
    setText(row.refuted, score ? String(score.refuted) : '—');
    setText(row.open, score ? String(score.open) : '—');
    row.spark.update(s.trend);
  }
}
