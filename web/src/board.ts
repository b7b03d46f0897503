// The home page: sources table with search / kind filter / sort (all in the URL), the live verdict
// feed, and the add-source form for members.

import { api, ApiError } from './api';
import { auth } from './auth';
import { h, link } from './dom';
import { kindLabel, splitList } from './format';
import { VerdictFeed } from './feed';
import { buildForm, onSubmit, value, type FormParts } from './forms';
import type { Page } from './sourcePage';
import { store } from './store';
import { DEFAULT_QUERY, SORT_KEYS, SourcesTable, type SortKey, type TableQuery } from './table';
import { SOURCE_KINDS } from './types';

export function queryFromUrl(url: URL): TableQuery {
  const p = url.searchParams;
  const sort = p.get('sort');
  const dir = p.get('dir');
  const validSort = sort && (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : DEFAULT_QUERY.sort;
  return {
    sort: validSort,
    dir: dir === 'asc' || dir === 'desc' ? dir : sort && validSort === sort ? 'asc' : DEFAULT_QUERY.dir,
    kind: p.get('kind') ?? '',
    q: p.get('q') ?? '',
  };
}

export function urlForQuery(q: TableQuery): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.kind) p.set('kind', q.kind);
  if (q.sort !== DEFAULT_QUERY.sort || q.dir !== DEFAULT_QUERY.dir) { p.set('sort', q.sort); p.set('dir', q.dir); }
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

export interface BoardPage extends Page {
  /** The URL's query changed (back/forward): apply it without rebuilding. */
  setUrl(url: URL): void;
}

export function renderBoard(main: HTMLElement, url: URL, rerender: () => void): BoardPage {
  let query = queryFromUrl(url);
  let table: SourcesTable | null = null;
  let feed: VerdictFeed | null = null;
  let unsubscribe: (() => void) | null = null;
  let destroyed = false;
  let sourceForm: FormParts | null = null;

  const count = h('p', { class: 'count muted', 'aria-live': 'polite', 'data-testid': 'source-count' });
  const search = h('input', {
    type: 'search', id: 'board-search', 'data-testid': 'search', placeholder: 'Name or alias…', autocomplete: 'off', spellcheck: 'false',
  });
  search.value = query.q;
  const kind = h('select', { id: 'board-kind', 'data-testid': 'kind-filter' },
    h('option', { value: '' }, 'All kinds'), ...SOURCE_KINDS.map((k) => h('option', { value: k }, kindLabel(k))));
  kind.value = query.kind;
  const addButton = h('button', { type: 'button', class: 'primary', 'data-action': 'add-source', 'aria-expanded': 'false', hidden: !auth.can('member') }, 'Add source');
  const formSlot = h('div', { class: 'form-slot' });
  const status = h('p', { class: 'sr-only', role: 'status' });
  const tableSlot = h('section', { class: 'panel table-panel', 'aria-labelledby': 'sources-title' },
    h('h2', { id: 'sources-title', class: 'sr-only' }, 'Sources'),
    h('div', { class: 'loading' }, h('p', { class: 'muted' }, 'Loading the board…')));
  const feedSlot = h('aside', { class: 'feed-slot' });

  main.replaceChildren(
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Sources'), count),
      h('div', { class: 'toolbar', role: 'search' },
        h('div', { class: 'tool' }, h('label', { for: 'board-search' }, 'Search'), search),
        h('div', { class: 'tool' }, h('label', { for: 'board-kind' }, 'Kind'), kind),
        addButton)),
    formSlot, status,
    h('div', { class: 'board-grid' }, tableSlot, feedSlot));
  document.title = 'Sources · Reliability';

  const pushQuery = (): void => {
    const next = urlForQuery(query);
    if (`${location.pathname}${location.search}` !== next) history.replaceState(history.state, '', next);
    table?.setQuery(query);
  };

  let searchTimer: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => { query = { ...query, q: search.value }; pushQuery(); }, 80);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) { e.preventDefault(); search.value = ''; query = { ...query, q: '' }; pushQuery(); }
  });
  kind.addEventListener('change', () => { query = { ...query, kind: kind.value }; pushQuery(); });

  addButton.addEventListener('click', () => { if (sourceForm) closeSourceForm(true); else openSourceForm(); });

  function openSourceForm(): void {
    const parts = buildForm({
      testid: 'source-form',
      title: 'Add a source',
      fields: [
        { name: 'name', label: 'Name', required: true },
        { name: 'kind', label: 'Kind', type: 'select', required: true, options: [{ value: '', label: 'Choose…' }, ...SOURCE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))] },
        { name: 'aliases', label: 'Aliases', placeholder: 'CENTCOM, US Central Command', hint: 'Comma-separated: what people type.' },
        { name: 'url', label: 'URL or handle', type: 'url', placeholder: 'https://…' },
        { name: 'description', label: 'Description', type: 'textarea', wide: true },
      ],
      submitLabel: 'Add source',
      onCancel: () => closeSourceForm(true),
      cls: 'panel',
    });
    sourceForm = parts;
    formSlot.replaceChildren(parts.form);
    addButton.setAttribute('aria-expanded', 'true');
    parts.controls.get('name')?.focus();
    onSubmit(parts, async () => {
      const created = await api.createSource({
        name: value(parts, 'name') || null,
        kind: value(parts, 'kind') || null,
        aliases: splitList(value(parts, 'aliases')),
        url: value(parts, 'url') || null,
        description: value(parts, 'description') || null,
      });
      store.upsertLocal({ ...created, aliases: created.aliases ?? [] });
      closeSourceForm(true);
      status.textContent = `Source ${created.name} added.`;
      const note = h('p', { class: 'notice-ok', role: 'status' }, 'Added ', link(`/sources/${created.id}`, created.name), '.');
      formSlot.replaceChildren(note);
      window.setTimeout(() => { if (formSlot.contains(note)) note.remove(); }, 6000);
    });
  }

  function closeSourceForm(focusButton = false): void {
    sourceForm?.form.remove();
    sourceForm = null;
    formSlot.replaceChildren();
    addButton.setAttribute('aria-expanded', 'false');
    if (focusButton) addButton.focus();
  }

  function mount(): void {
    table = new SourcesTable(
      query,
      (sort, dir) => { query = { ...query, sort, dir }; pushQuery(); },
      (id) => store.source(id),
      (shown, total) => {
        count.textContent = shown === total
          ? `${total} source${total === 1 ? '' : 's'}`
          : `${shown} of ${total} sources`;
      },
    );
    feed = new VerdictFeed();
    table.rebuild(store.state.sources.values());
    feed.render(store.state.feed);
    tableSlot.replaceChildren(h('h2', { id: 'sources-title', class: 'sr-only' }, 'Sources'), table.el);
    if (store.fallback) {
      tableSlot.prepend(h('p', { class: 'muted small fallback-note' }, 'Live board endpoint not available yet — showing sources and history; live updates resume when the server offers them.'));
    }
    feedSlot.replaceChildren(feed.el);
    unsubscribe = store.subscribe((change) => {
      if (!table || !feed) return;
      if (change.reset) {
        table.rebuild(store.state.sources.values());
        feed.render(store.state.feed);
        return;
      }
      table.applyChange(change);
      if (change.feedAdded.length) feed.prepend(change.feedAdded);
    });
  }

  function showNeedsSignIn(): void {
    const box = h('div', { class: 'notice' },
      h('h2', {}, 'Sign in to read the board'),
      h('p', { class: 'muted' }, 'This server only shows sources to signed-in users.'));
    tableSlot.replaceChildren(box);
    feedSlot.replaceChildren();
    auth.showSignIn(box);
  }

  function showError(e: unknown): void {
    const retry = h('button', { type: 'button' }, 'Retry');
    retry.addEventListener('click', () => rerender());
    tableSlot.replaceChildren(h('div', { class: 'notice' },
      h('h2', {}, 'Could not load the board'),
      h('p', {}, e instanceof Error ? e.message : String(e)), retry));
  }

  let needsSignIn = false;
  store.ensureLoaded().then(() => {
    if (!destroyed) mount();
  }).catch((e: unknown) => {
    if (destroyed) return;
    if (e instanceof ApiError && e.status === 401) { needsSignIn = true; showNeedsSignIn(); }
    else showError(e);
  });

  const unAuth = auth.onChange(() => {
    addButton.hidden = !auth.can('member');
    if (!auth.can('member') && sourceForm) closeSourceForm();
    if (needsSignIn && auth.user) rerender();
  });

  return {
    setUrl(next: URL): void {
      query = queryFromUrl(next);
      search.value = query.q;
      kind.value = query.kind;
      table?.setQuery(query);
    },
    destroy(): void {
      destroyed = true;
      window.clearTimeout(searchTimer);
      unsubscribe?.();
      unAuth();
      table?.destroy();
      feed?.destroy();
    },
  };
}
