// The source page (/sources/{id}): header, score chart, why the score changed, calibration, claims
// with verdict history, echo chains and (by role) the add-claim and record-verdict forms.

import { api, ApiError } from './api';
import { auth } from './auth';
import { scoreChart } from './chart';
import { append, externalLink, h, link } from './dom';
import {
  confidenceText, deltaEl, fixed2, formatDate, formatDateTime, gradeChip, intervalBar, kindLabel, outcomeChip, relativeTime,
  splitList, statusChip,
} from './format';
import { buildForm, onSubmit, showErrors, value, type FormParts } from './forms';
import { pool, store } from './store';
import type { ClaimDto, EchoesDto, ScoreHistoryEntry, SourceDto, VerdictDto } from './types';
import { CONFIDENCE_PHRASES, OUTCOMES } from './types';

export interface Page {
  destroy(): void;
}

interface VerdictInfo { verdict: VerdictDto; claimId: number; claimText: string; sourceName: string }

interface ClaimRow {
  claim: ClaimDto;
  tr: HTMLTableRowElement;
  detail: HTMLTableRowElement;
  historySlot: HTMLElement;
  echoSlot: HTMLElement;
  formSlot: HTMLElement;
  cells: { text: HTMLElement; made: HTMLElement; confidence: HTMLElement; status: HTMLElement; count: HTMLElement; actions: HTMLElement };
  historyOpen: boolean;
  echoOpen: boolean;
  form: FormParts | null;
}

const CLAIM_COLS = 6;
const WHY_LIMIT = 12;

export function renderSourcePage(main: HTMLElement, id: number, rerender: () => void): Page {
  const controller = new AbortController();
  let destroyed = false;
  let source: SourceDto | null = null;
  let history: ScoreHistoryEntry[] = [];
  let claims: ClaimDto[] = [];
  const verdicts = new Map<number, VerdictInfo>();
  const claimDetails = new Map<number, ClaimDto>();
  /** Claim ids some other claim repeats (from the latest claims across sources). */
  let echoed = new Set<number>();
  const rows = new Map<number, ClaimRow>();
  let refreshTimer: number | undefined;
  let claimForm: FormParts | null = null;

  // ---- skeleton
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const header = h('section', { class: 'source-header panel', 'aria-live': 'off' }, h('p', { class: 'muted' }, 'Loading source…'));
  const chartBox = h('div', { class: 'chart-box' });
  const chartSection = h('section', { class: 'panel chart-panel', 'aria-labelledby': 'chart-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'chart-title' }, 'Score over time'),
      h('p', { class: 'legend muted' },
        h('span', { class: 'lg lg-line' }), 'reliability ', h('span', { class: 'lg lg-band' }), '90% interval ',
        h('span', { class: 'lg lg-marker' }), 'verdict')),
    chartBox);
  const whyList = h('ol', { class: 'why-list', 'data-testid': 'why-list' });
  const whySection = h('section', { class: 'panel why', 'aria-labelledby': 'why-title' },
    h('h2', { id: 'why-title' }, 'Why did this change'), whyList);
  const calibration = h('div', { class: 'calibration-body' });
  const calSection = h('section', { class: 'panel calibration', 'aria-labelledby': 'cal-title', 'data-testid': 'calibration' },
    h('h2', { id: 'cal-title' }, 'Calibration'), calibration);
  const addClaimButton = h('button', { type: 'button', class: 'primary small', 'data-action': 'add-claim', 'aria-expanded': 'false', hidden: true }, 'Add claim');
  const claimFormSlot = h('div', { class: 'form-slot' });
  const claimsBody = h('tbody');
  const claimsEmpty = h('p', { class: 'empty', hidden: true }, 'No claims recorded for this source yet.');
  const claimsTable = h('table', { class: 'claims', 'aria-label': 'Claims' },
    h('colgroup', {}, h('col', { class: 'k-text' }), h('col', { class: 'k-made' }), h('col', { class: 'k-conf' }),
      h('col', { class: 'k-status' }), h('col', { class: 'k-count' }), h('col', { class: 'k-actions' })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Made'), h('th', { scope: 'col' }, 'Stated confidence'),
      h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, 'Verdicts'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
    claimsBody);
  const claimsSection = h('section', { class: 'panel claims-panel', 'aria-labelledby': 'claims-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'claims-title' }, 'Claims'), addClaimButton),
    claimFormSlot,
    h('div', { class: 'table-wrap' }, claimsTable, claimsEmpty));
  main.replaceChildren(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', '← All sources')),
    header, status,
    h('div', { class: 'source-grid' }, chartSection, h('div', { class: 'side' }, calSection, whySection)),
    claimsSection);

  // ---- data
  async function load(initial: boolean): Promise<void> {
    try {
      const [s, hist, cl] = await Promise.all([
        api.source(id, controller.signal), api.history(id, 100, controller.signal), api.claimsOf(id, controller.signal),
      ]);
      if (destroyed) return;
      // Claims whose verdict history changed need their details again.
      for (const c of cl) {
        const old = claimDetails.get(c.id);
        if (old && old.verdictCount !== c.verdictCount) claimDetails.delete(c.id);
      }
      source = s; history = hist; claims = cl;
      document.title = `${s.name} · Reliability`;
      indexVerdicts();
      renderHeader();
      renderChart();
      renderCalibration();
      renderWhy();
      renderClaims();
      void resolveMissingVerdicts();
      if (initial) void loadEchoIndex();
    } catch (e) {
      if (destroyed || (e instanceof DOMException && e.name === 'AbortError')) return;
      if (initial) renderError(e);
      else status.textContent = 'Could not refresh this source.';
    }
  }

  function renderError(e: unknown): void {
    const notFound = e instanceof ApiError && e.status === 404;
    const needsSignIn = e instanceof ApiError && e.status === 401;
    const box = h('section', { class: 'panel notice' },
      h('h1', {}, notFound ? 'No such source' : needsSignIn ? 'Sign in to read this source' : 'Could not load this source'),
      h('p', {}, notFound ? `There is no source with id ${id}.` : e instanceof Error ? e.message : String(e)));
    main.replaceChildren(h('nav', { class: 'crumbs' }, link('/', '← All sources')), box);
    if (needsSignIn) auth.showSignIn(box);
    else if (!notFound) {
      const retry = h('button', { type: 'button' }, 'Retry');
      retry.addEventListener('click', () => rerender());
      box.append(retry);
    }
  }

  function indexVerdicts(): void {
    for (const c of claims) if (c.latestVerdict) addVerdict(c.latestVerdict, c);
    for (const c of claimDetails.values()) for (const v of c.verdicts ?? []) addVerdict(v, c);
  }
  function addVerdict(v: VerdictDto, c: ClaimDto): void {
    verdicts.set(v.id, { verdict: v, claimId: c.id, claimText: c.text, sourceName: c.sourceName });
  }

  /** Fetches claims whose older verdicts (or whose origins' verdicts) the history names but we don't know yet. */
  async function resolveMissingVerdicts(): Promise<void> {
    const wanted = new Set<number>();
    for (const e of history.slice(0, 40)) for (const v of e.causeVerdictIds ?? []) if (!verdicts.has(v)) wanted.add(v);
    if (!wanted.size) return;
    const candidates = new Set<number>();
    for (const c of claims) {
      if (c.verdictCount > 1 && !claimDetails.has(c.id)) candidates.add(c.id);
      if (c.resolvedByClaimId && !claimDetails.has(c.resolvedByClaimId)) candidates.add(c.resolvedByClaimId);
      if (c.repeatsClaimId && !claimDetails.has(c.repeatsClaimId)) candidates.add(c.repeatsClaimId);
    }
    const list = [...candidates].slice(0, 40);
    if (!list.length) return;
    await pool(list, 4, async (claimId) => {
      try {
        const { claim } = await api.claim(claimId, controller.signal);
        claimDetails.set(claimId, claim);
        for (const v of claim.verdicts ?? []) addVerdict(v, claim);
      } catch { /* leave it as "verdict #id" */ }
    });
    if (destroyed) return;
    renderWhy();
    renderChart();
  }

  async function loadEchoIndex(): Promise<void> {
    try {
      const latest = await api.latestClaims(1000);
      echoed = new Set(latest.map((c) => c.repeatsClaimId).filter((x): x is number => typeof x === 'number'));
      if (!destroyed) for (const row of rows.values()) fillActions(row);
    } catch { /* echo links then show only for claims that repeat another */ }
  }

  function describeVerdict(vid: number): string | null {
    const info = verdicts.get(vid);
    if (!info) return null;
    const where = info.sourceName && source && info.sourceName !== source.name ? ` (${info.sourceName})` : '';
    return `${info.verdict.outcome}: “${truncate(info.claimText, 90)}”${where}`;
  }

  // ---- header
  function renderHeader(): void {
    if (!source) return;
    const s = store.source(id) ?? source;
    const score = (store.source(id)?.score?.version ?? -1) > (source.score?.version ?? -1) ? store.source(id)?.score ?? source.score : source.score;
    const bar = intervalBar();
    bar.update(score);
    const facts = h('dl', { class: 'facts' });
    const fact = (term: string, ...dd: (Node | string)[]): void => { facts.append(h('div', {}, h('dt', {}, term), h('dd', {}, ...dd))); };
    if (score) {
      fact('Counts', `${score.confirmed} confirmed · ${score.refuted} refuted · ${score.partlyTrue} partly true · ${score.retracted} retracted · ${score.unverifiable} unverifiable · ${score.open} open`);
      fact('Resolved weight', `${score.resolvedWeight.toFixed(2)} (grading needs 3)`);
      fact('Score version', `v${score.version}, ${formatDateTime(score.computedAt)}`);
    }
    if (source.url) fact('URL', externalLink(source.url));
    header.replaceChildren(
      h('div', { class: 'sh-main' },
        h('div', { class: 'sh-title' },
          h('h1', {}, s.name),
          h('span', { class: 'chip kind' }, kindLabel(s.kind))),
        s.aliases.length ? h('p', { class: 'aliases-line' }, h('span', { class: 'muted' }, 'Also: '), s.aliases.join(' · ')) : null,
        source.description ? h('p', { class: 'description' }, source.description) : null,
        facts),
      h('div', { class: 'sh-score', 'data-source-id': id },
        gradeChip(score),
        h('div', { class: 'sh-rel' },
          h('span', { class: 'big-num', 'data-field': 'reliability' }, score ? fixed2(score.reliability) : '—'),
          h('span', { class: 'muted small' }, score ? `90% interval ${fixed2(score.lower)}–${fixed2(score.upper)}` : 'No score yet'),
          bar.el)));
  }

  // ---- chart
  let lastWidth = 0;
  function renderChart(): void {
    const width = chartBox.clientWidth || 720;
    lastWidth = width;
    chartBox.replaceChildren(scoreChart(history, width, { describeVerdict }));
  }
  const resize = new ResizeObserver(() => {
    const w = chartBox.clientWidth;
    if (Math.abs(w - lastWidth) > 8 && source) renderChart();
  });
  resize.observe(chartBox);

  // ---- calibration
  function renderCalibration(): void {
    const score = source?.score;
    if (!score) { calibration.replaceChildren(h('p', { class: 'muted' }, 'No score yet.')); return; }
    const brier = score.brier;
    calibration.replaceChildren();
    append(calibration, [
      h('div', { class: 'cal-figures' },
        h('div', { class: 'cal-fig' }, h('span', { class: 'big-num', 'data-field': 'brier' }, brier === null ? '—' : brier.toFixed(3)), h('span', { class: 'muted small' }, 'Brier score')),
        h('div', { class: 'cal-fig' }, h('span', { class: 'big-num', 'data-field': 'calibrated-claims' }, String(score.calibratedClaims)), h('span', { class: 'muted small' }, 'claims with a stated confidence, resolved'))),
      score.overconfident
        ? h('p', { class: 'warn-flag', 'data-field': 'overconfident', role: 'note' }, '⚠ Overconfident: its stated confidence is worse than always saying “50%”.')
        : null,
      h('p', { class: 'muted small' },
        'Brier score = mean (stated probability − outcome)² over resolved claims that carried a confidence. ',
        'Lower is better: 0 is perfect, 0.25 is what always saying 50% scores. ',
        brier === null ? 'Not enough claims with a stated confidence yet.' : '')]);
  }

  // ---- why did this change
  function renderWhy(): void {
    const items = history.slice(0, WHY_LIMIT);
    if (!items.length) { whyList.replaceChildren(h('li', { class: 'muted' }, 'No score versions yet.')); return; }
    whyList.replaceChildren(...items.map((e) => {
      const ids = e.causeVerdictIds ?? [];
      const reasons = ids.map((vid) => {
        const info = verdicts.get(vid);
        if (!info) return h('li', { class: 'muted' }, `verdict #${vid}`);
        const other = source && info.sourceName !== source.name ? h('span', { class: 'muted' }, ` (echoes ${info.sourceName})`) : null;
        return h('li', { 'data-verdict-id': vid }, outcomeChip(info.verdict.outcome), ' ',
          h('span', { class: 'why-claim', title: info.claimText }, truncate(info.claimText, 140)), other);
      });
      return h('li', { class: 'why-item', 'data-version': e.version },
        h('div', { class: 'why-head' },
          deltaEl(e.version === history[history.length - 1]?.version && e.cause === 'created' ? null : e.delta),
          h('span', { class: 'why-cause' }, causeText(e.cause)),
          h('time', { datetime: e.computedAt, title: formatDateTime(e.computedAt), class: 'muted' }, formatDate(e.computedAt)),
          h('span', { class: 'why-rel muted' }, `reliability → ${fixed2(e.score.reliability)} · grade ${e.score.grade} · v${e.version}`)),
        reasons.length ? h('ul', { class: 'why-verdicts' }, ...reasons) : null);
    }));
  }

  // ---- claims
  function renderClaims(): void {
    claimsEmpty.hidden = claims.length > 0;
    const seen = new Set<number>();
    let cursor: Element | null = claimsBody.firstElementChild;
    for (const c of claims) {
      seen.add(c.id);
      let row = rows.get(c.id);
      if (!row) { row = createClaimRow(c); rows.set(c.id, row); }
      else { row.claim = c; fillClaimRow(row); }
      // Keep DOM order newest first, moving a node only when it is out of place.
      if (cursor !== row.tr) claimsBody.insertBefore(row.tr, cursor);
      if (row.tr.nextElementSibling !== row.detail) claimsBody.insertBefore(row.detail, row.tr.nextElementSibling);
      cursor = row.detail.nextElementSibling;
    }
    for (const [cid, row] of rows) {
      if (!seen.has(cid)) { row.tr.remove(); row.detail.remove(); rows.delete(cid); }
    }
    addClaimButton.hidden = !auth.can('member');
    if (!auth.can('member') && claimForm) closeClaimForm();
  }

  function createClaimRow(c: ClaimDto): ClaimRow {
    const cells = {
      text: h('td', { class: 'k-text' }), made: h('td', { class: 'k-made' }), confidence: h('td', { class: 'k-conf' }),
      status: h('td', { class: 'k-status' }), count: h('td', { class: 'num k-count', 'data-field': 'verdict-count' }), actions: h('td', { class: 'k-actions' }),
    };
    const tr = h('tr', { 'data-claim-id': c.id }, cells.text, cells.made, cells.confidence, cells.status, cells.count, cells.actions);
    const historySlot = h('div', { class: 'slot history-slot', hidden: true });
    const echoSlot = h('div', { class: 'slot echo-slot', hidden: true });
    const formSlot = h('div', { class: 'slot form-slot', hidden: true });
    const detail = h('tr', { class: 'detail', 'data-detail-for': c.id, hidden: true },
      h('td', { colspan: CLAIM_COLS }, formSlot, historySlot, echoSlot));
    const row: ClaimRow = { claim: c, tr, detail, historySlot, echoSlot, formSlot, cells, historyOpen: false, echoOpen: false, form: null };
    fillClaimRow(row);
    return row;
  }

  function fillClaimRow(row: ClaimRow): void {
    const c = row.claim;
    const tags = c.tags.length ? h('span', { class: 'tags' }, ...c.tags.map((t) => h('span', { class: 'tag' }, t))) : null;
    const citeInner = c.url ? externalLink(c.url, c.citation || c.url) : c.citation ? h('span', { class: 'muted' }, c.citation) : null;
    const cite = citeInner ? h('span', { class: 'claim-cite', title: c.citation ?? c.url ?? '' }, citeInner) : null;
    const echo = c.repeatsClaimId ? h('span', { class: 'echo-badge', title: `Repeats claim #${c.repeatsClaimId}` }, `echoes #${c.repeatsClaimId}`) : null;
    row.cells.text.replaceChildren();
    append(row.cells.text, [
      h('p', { class: 'claim-text', title: c.text }, c.text),
      h('p', { class: 'claim-meta' }, h('span', { class: 'muted' }, `#${c.id}`), echo, tags), cite]);
    row.cells.made.replaceChildren(h('time', { datetime: c.madeAt }, formatDate(c.madeAt)));
    row.cells.confidence.textContent = confidenceText(c.statedConfidence, c.confidencePhrase);
    const chip = statusChip(c.status);
    if (c.resolvedByClaimId) {
      chip.title = `Takes its status from claim #${c.resolvedByClaimId}, which it echoes`;
      row.cells.status.replaceChildren(chip, h('span', { class: 'via muted' }, ` via #${c.resolvedByClaimId}`));
    } else {
      row.cells.status.replaceChildren(chip);
    }
    row.cells.count.textContent = String(c.verdictCount);
    fillActions(row);
    if (row.historyOpen) void showHistory(row, false);
  }

  function fillActions(row: ClaimRow): void {
    const c = row.claim;
    const buttons: HTMLElement[] = [];
    const hist = h('button', { type: 'button', class: 'small ghost', 'data-action': 'verdict-history', 'aria-expanded': String(row.historyOpen), disabled: c.verdictCount === 0 },
      row.historyOpen ? 'Hide history' : 'History');
    if (c.verdictCount === 0) hist.title = 'No verdicts yet';
    hist.addEventListener('click', () => { void toggleHistory(row); });
    buttons.push(hist);
    if (c.repeatsClaimId || c.resolvedByClaimId || echoed.has(c.id) || claims.some((o) => o.repeatsClaimId === c.id)) {
      const echo = h('button', { type: 'button', class: 'small ghost', 'data-action': 'echo-chain', 'aria-expanded': String(row.echoOpen) }, 'Echo chain');
      echo.addEventListener('click', () => { void toggleEcho(row); });
      buttons.push(echo);
    }
    if (auth.can('moderator')) {
      const rec = h('button', { type: 'button', class: 'small', 'data-action': 'record-verdict', 'aria-expanded': String(row.form !== null) }, 'Record verdict');
      rec.addEventListener('click', () => { if (row.form) closeVerdictForm(row); else void openVerdictForm(row); });
      buttons.push(rec);
    } else if (row.form) {
      closeVerdictForm(row);
    }
    row.cells.actions.replaceChildren(h('div', { class: 'row-actions' }, ...buttons));
  }

  function syncDetail(row: ClaimRow): void {
    row.detail.hidden = row.historySlot.hidden && row.echoSlot.hidden && row.formSlot.hidden;
  }

  async function toggleHistory(row: ClaimRow): Promise<void> {
    if (row.historyOpen) {
      row.historyOpen = false;
      row.historySlot.hidden = true;
      syncDetail(row);
      fillActions(row);
      return;
    }
    row.historyOpen = true;
    fillActions(row);
    await showHistory(row, true);
  }

  async function showHistory(row: ClaimRow, focus: boolean): Promise<void> {
    row.historySlot.hidden = false;
    syncDetail(row);
    let detail = claimDetails.get(row.claim.id);
    if (!detail || detail.verdictCount !== row.claim.verdictCount) {
      row.historySlot.replaceChildren(h('p', { class: 'muted' }, 'Loading verdict history…'));
      try {
        detail = (await api.claim(row.claim.id, controller.signal)).claim;
        claimDetails.set(row.claim.id, detail);
        for (const v of detail.verdicts ?? []) addVerdict(v, detail);
      } catch (e) {
        row.historySlot.replaceChildren(h('p', { class: 'error' }, e instanceof Error ? e.message : 'Could not load the history.'));
        return;
      }
    }
    if (!row.historyOpen) return;
    const list = detail.verdicts ?? [];
    const ol = h('ol', { class: 'verdict-history', 'data-testid': 'verdict-history' });
    list.forEach((v, i) => {
      const superseded = i < list.length - 1;
      ol.append(h('li', { class: superseded ? 'superseded' : 'current', 'data-verdict-id': v.id },
        h('div', { class: 'vh-head' }, outcomeChip(v.outcome),
          h('span', {}, `by ${v.recordedBy}`),
          h('time', { datetime: v.recordedAt, title: formatDateTime(v.recordedAt) }, `${formatDate(v.recordedAt)} (${relativeTime(v.recordedAt)})`),
          superseded ? h('span', { class: 'muted' }, 'superseded') : h('span', { class: 'cur-label' }, 'current')),
        v.note ? h('p', { class: 'vh-note' }, v.note) : null,
        v.evidenceUrls.length ? h('p', { class: 'vh-evidence' }, 'Evidence: ', ...v.evidenceUrls.flatMap((u, j) => [j ? ', ' : '', externalLink(u)])) : null));
    });
    row.historySlot.replaceChildren(h('h3', { class: 'slot-title' }, `Verdict history (${list.length}, oldest first)`),
      list.length ? ol : h('p', { class: 'muted' }, 'No verdicts yet.'));
    if (focus) row.historySlot.querySelector<HTMLElement>('h3')?.setAttribute('tabindex', '-1');
  }

  async function toggleEcho(row: ClaimRow): Promise<void> {
    if (row.echoOpen) {
      row.echoOpen = false;
      row.echoSlot.hidden = true;
      syncDetail(row);
      fillActions(row);
      return;
    }
    row.echoOpen = true;
    fillActions(row);
    row.echoSlot.hidden = false;
    syncDetail(row);
    row.echoSlot.replaceChildren(h('p', { class: 'muted' }, 'Loading echo chain…'));
    try {
      const echoes = await api.echoes(row.claim.id);
      if (row.echoOpen) row.echoSlot.replaceChildren(renderEchoes(echoes, row.claim.id));
    } catch (e) {
      row.echoSlot.replaceChildren(h('p', { class: 'error' }, e instanceof Error ? e.message : 'Could not load the echo chain.'));
    }
  }

  function claimRef(c: ClaimDto, self: number): HTMLElement {
    return h('span', { class: 'echo-claim' },
      statusChip(c.status), ' ',
      c.sourceId === id ? h('span', { class: 'muted' }, 'this source') : link(`/sources/${c.sourceId}`, c.sourceName),
      h('span', { class: 'muted' }, ` · ${formatDate(c.madeAt)} · #${c.id}${c.id === self ? ' (this claim)' : ''}`),
      h('span', { class: 'echo-text', title: c.text }, truncate(c.text, 120)));
  }

  function renderEchoes(e: EchoesDto, self: number): HTMLElement {
    const box = h('div', { class: 'echoes', 'data-testid': 'echo-chain' });
    box.append(h('h3', { class: 'slot-title' }, 'Echo chain'));
    if (e.chain.length > 1) {
      box.append(h('p', { class: 'muted small' }, 'From this claim back to its origin:'),
        h('ol', { class: 'chain' }, ...e.chain.map((c) => h('li', {}, claimRef(c, self)))));
    } else {
      box.append(h('p', { class: 'muted small' }, 'This claim is the origin.'));
    }
    box.append(h('p', { class: 'echo-origin' }, h('strong', {}, 'Origin: '), claimRef(e.origin, self)));
    const echoSources = new Set(e.echoes.map((x) => x.claim.sourceId).filter((sid) => sid !== e.origin.sourceId));
    box.append(h('p', {}, `${e.echoes.length} claim${e.echoes.length === 1 ? ' echoes' : 's echo'} the origin, from ${echoSources.size} other source${echoSources.size === 1 ? '' : 's'} (${e.sources} source${e.sources === 1 ? '' : 's'} in the tree).`));
    if (e.echoes.length) {
      box.append(h('ul', { class: 'echo-tree' }, ...e.echoes.slice(0, 30).map((x) =>
        h('li', { style: `--depth:${Math.min(x.depth, 6)}` }, claimRef(x.claim, self)))));
      if (e.echoes.length > 30) box.append(h('p', { class: 'muted small' }, `…and ${e.echoes.length - 30} more.`));
    }
    if (e.lostWithOrigin.length) {
      const names = new Map<number, string>();
      for (const c of [...e.chain, e.origin, ...e.echoes.map((x) => x.claim)]) names.set(c.sourceId, c.sourceName);
      box.append(h('p', { class: 'lost' }, h('strong', {}, 'Lost with origin: '),
        ...e.lostWithOrigin.flatMap((sid, i) => [i ? ', ' : '', link(`/sources/${sid}`, names.get(sid) ?? store.source(sid)?.name ?? `source #${sid}`)]),
        h('span', { class: 'muted' }, ' — these sources stand or fall with the origin.')));
    }
    if (e.story) {
      box.append(h('p', { class: 'story' }, h('strong', {}, `Story “${e.story.tag}”: `),
        `${e.story.claims} claims from ${e.story.sources} sources trace back to ${e.story.independentOrigins} independent origin${e.story.independentOrigins === 1 ? '' : 's'}.`));
    }
    return box;
  }

  // ---- record verdict
  async function openVerdictForm(row: ClaimRow): Promise<void> {
    let etag: string | null = null;
    const parts = buildForm({
      testid: 'verdict-form',
      title: `Record a verdict on claim #${row.claim.id}`,
      fields: [
        { name: 'outcome', label: 'Outcome', type: 'select', required: true, options: [{ value: '', label: 'Choose…' }, ...OUTCOMES.map((o) => ({ value: o, label: o.replace('-', ' ') }))] },
        { name: 'evidenceUrl', label: 'Evidence URL', type: 'url', placeholder: 'https://…', hint: 'Evidence or a note is required.' },
        { name: 'note', label: 'Note', type: 'textarea', wide: true },
      ],
      submitLabel: 'Record verdict',
      onCancel: () => closeVerdictForm(row, true),
      cls: 'inline-form',
    });
    const current = h('p', { class: 'muted small form-context' }, 'Loading the claim…');
    parts.form.insertBefore(current, parts.form.querySelector('.form-grid'));
    row.form = parts;
    row.formSlot.replaceChildren(parts.form);
    row.formSlot.hidden = false;
    syncDetail(row);
    fillActions(row);
    parts.controls.get('outcome')?.focus();
    parts.submit.disabled = true;

    const fetchClaim = async (): Promise<void> => {
      parts.submit.disabled = true;
      try {
        const got = await api.claim(row.claim.id, controller.signal);
        etag = got.etag;
        claimDetails.set(got.claim.id, got.claim);
        const latest = got.claim.latestVerdict;
        current.textContent = latest
          ? `Current status: ${got.claim.status} — last verdict ${latest.outcome} by ${latest.recordedBy}, ${relativeTime(latest.recordedAt)} (${got.claim.verdictCount} in total).`
          : `No verdict yet; the claim is ${got.claim.status}.`;
        parts.submit.disabled = false;
      } catch (e) {
        showErrors(parts.form, e);
      }
    };
    await fetchClaim();

    onSubmit(parts, async () => {
      const note = value(parts, 'note');
      const evidenceUrl = value(parts, 'evidenceUrl');
      const outcome = value(parts, 'outcome');
      try {
        const result = await api.recordVerdict(row.claim.id, {
          outcome: outcome || null, evidenceUrl: evidenceUrl || null, note: note || null,
        }, etag);
        closeVerdictForm(row, true);
        status.textContent = `Verdict ${result.verdict.outcome} recorded on claim #${row.claim.id}.`;
        claimDetails.delete(row.claim.id);
        addVerdict(result.verdict, result.claim);
        void load(false);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          showErrors(parts.form, e);
          const reload = h('button', { type: 'button', class: 'small' }, 'Reload the claim');
          reload.addEventListener('click', () => {
            void (async () => {
              await fetchClaim();
              claimDetails.delete(row.claim.id);
              if (!row.historyOpen) { row.historyOpen = true; fillActions(row); }
              await showHistory(row, false);
              const slot = parts.form.querySelector<HTMLElement>('[data-error-for="form"]');
              if (slot) { slot.hidden = true; slot.replaceChildren(); }
              parts.submit.focus();
            })();
          });
          parts.form.querySelector('[data-error-for="form"]')?.append(reload);
          return;
        }
        throw e;
      }
    });
  }

  function closeVerdictForm(row: ClaimRow, focusButton = false): void {
    row.form?.form.remove();
    row.form = null;
    row.formSlot.hidden = true;
    row.formSlot.replaceChildren();
    syncDetail(row);
    fillActions(row);
    if (focusButton) row.cells.actions.querySelector<HTMLElement>('[data-action="record-verdict"]')?.focus();
  }

  // ---- add claim
  addClaimButton.addEventListener('click', () => { if (claimForm) closeClaimForm(); else openClaimForm(); });

  function openClaimForm(): void {
    const parts = buildForm({
      testid: 'claim-form',
      title: 'Add a claim',
      fields: [
        { name: 'text', label: 'What the source claimed', type: 'textarea', required: true, wide: true },
        { name: 'madeAt', label: 'Made on', type: 'date', required: true },
        { name: 'url', label: 'URL', type: 'url', placeholder: 'https://…' },
        { name: 'citation', label: 'Citation', placeholder: 'Statement, outlet, page…' },
        { name: 'confidencePhrase', label: 'Stated confidence (phrase)', type: 'select', options: [{ value: '', label: 'None / use a probability' }, ...CONFIDENCE_PHRASES.map((p) => ({ value: p, label: p }))] },
        { name: 'statedConfidence', label: 'or probability (0–1)', type: 'number', attrs: { min: '0', max: '1', step: '0.01', inputmode: 'decimal' } },
        { name: 'repeatsClaimId', label: 'Repeats claim #', type: 'number', attrs: { min: '1', step: '1' }, hint: 'The earlier claim this one echoes.' },
        { name: 'tags', label: 'Tags', placeholder: 'comma, separated', hint: 'Comma-separated.' },
      ],
      submitLabel: 'Add claim',
      onCancel: () => closeClaimForm(true),
    });
    claimForm = parts;
    claimFormSlot.replaceChildren(parts.form);
    addClaimButton.setAttribute('aria-expanded', 'true');
    parts.controls.get('text')?.focus();
    onSubmit(parts, async () => {
      const num = (name: string): number | string | null => {
        const raw = value(parts, name);
        if (!raw) return null;
        const n = Number(raw);
        return Number.isFinite(n) ? n : raw;
      };
      const created = await api.createClaim({
        sourceId: id,
        text: value(parts, 'text') || null,
        madeAt: value(parts, 'madeAt') || null,
        url: value(parts, 'url') || null,
        citation: value(parts, 'citation') || null,
        statedConfidence: num('statedConfidence'),
        confidencePhrase: value(parts, 'confidencePhrase') || null,
        repeatsClaimId: num('repeatsClaimId'),
        tags: splitList(value(parts, 'tags')),
      });
      closeClaimForm(true);
      status.textContent = `Claim #${created.id} added.`;
      await load(false);
      const tr = rows.get(created.id)?.tr;
      if (tr) { tr.classList.add('flash'); window.setTimeout(() => tr.classList.remove('flash'), 2000); }
    });
  }

  function closeClaimForm(focusButton = false): void {
    claimForm?.form.remove();
    claimForm = null;
    claimFormSlot.replaceChildren();
    addClaimButton.setAttribute('aria-expanded', 'false');
    if (focusButton) addClaimButton.focus();
  }

  // ---- live
  const unsubscribe = store.subscribe((change) => {
    if (!change.reset && !change.touched.has(id)) return;
    if (change.scored.has(id)) renderHeader();
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => { void load(false); }, 600);
  });
  const unAuth = auth.onChange(() => {
    if (!source) { rerender(); return; }
    renderClaims();
    for (const row of rows.values()) fillActions(row);
  });

  void load(true);

  return {
    destroy(): void {
      destroyed = true;
      controller.abort();
      window.clearTimeout(refreshTimer);
      resize.disconnect();
      unsubscribe();
      unAuth();
    },
  };
}

function causeText(cause: string): string {
  switch (cause) {
    case 'created': return 'Source created';
    case 'verdict': return 'Verdict recorded';
    case 'claim': return 'Claim added';
    case 'decay': return 'Evidence aged (decay)';
    case 'recompute-all': return 'Full recompute';
    default: return cause;
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
