// App shell and router: "/" is the board, "/sources/{id}" a source page (History API: pushState +
// popstate; links stay real <a href> so middle-click and open-in-new-tab work).

import './styles.css';
import { api } from './api';
import { auth } from './auth';
import { renderBoard, type BoardPage } from './board';
import { h } from './dom';
import { renderSourcePage, type Page } from './sourcePage';
import { store } from './store';

const main = document.getElementById('main') as HTMLElement;
const connection = document.querySelector<HTMLElement>('[data-testid="connection"]')!;
const banner = document.getElementById('banner') as HTMLElement;

let page: Page | null = null;
let boardPage: BoardPage | null = null;
let currentPath = '';

type Route = { name: 'board' } | { name: 'source'; id: number } | { name: 'missing' };

function route(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { name: 'board' };
  const m = /^\/sources\/(\d+)\/?$/.exec(pathname);
  if (m?.[1]) return { name: 'source', id: Number(m[1]) };
  return { name: 'missing' };
}

function render(force = false): void {
  const url = new URL(location.href);
  const r = route(url.pathname);
  // Same page, only the query changed (board search / sort via back-forward): no rebuild.
  if (!force && url.pathname === currentPath && r.name === 'board' && boardPage) {
    boardPage.setUrl(url);
    return;
  }
  page?.destroy();
  page = null;
  boardPage = null;
  currentPath = url.pathname;
  auth.closePanel();
  const again = (): void => render(true);
  if (r.name === 'board') {
    boardPage = renderBoard(main, url, again);
    page = boardPage;
  } else if (r.name === 'source') {
    page = renderSourcePage(main, r.id, again);
  } else {
    document.title = 'Not found · Reliability';
    main.replaceChildren(h('section', { class: 'panel notice' },
      h('h1', {}, 'Page not found'),
      h('p', {}, h('a', { href: '/', 'data-nav': true }, 'Go to the sources board'))));
  }
  document.querySelectorAll<HTMLAnchorElement>('.app-nav a').forEach((a) => {
    if (r.name === 'board' && a.getAttribute('href') === '/') a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

export function navigate(href: string): void {
  const url = new URL(href, location.href);
  if (url.origin !== location.origin) { location.href = url.href; return; }
  const changedPage = url.pathname !== location.pathname;
  history.pushState(null, '', `${url.pathname}${url.search}${url.hash}`);
  render();
  if (changedPage) {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
}

// Intercept plain left clicks on in-app links; leave modified clicks (new tab, etc.) to the browser.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a[href]');
  if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || route(url.pathname).name === 'missing') return;
  e.preventDefault();
  navigate(url.href);
});
window.addEventListener('popstate', () => render());

// Connection indicator.
store.onConnection((state, text) => {
  connection.dataset.state = state;
  connection.textContent = text;
  connection.title = state === 'live' ? 'Receiving live updates' : state === 'reconnecting' ? 'Reconnecting to live updates' : 'Not connected — retrying every few seconds';
});

// Parked recompute failures.
function renderBanner(): void {
  const n = store.state.parkedRecomputes;
  if (n > 0) {
    banner.replaceChildren(h('span', { 'aria-hidden': 'true' }, '⚠ '),
      `${n} recompute${n === 1 ? '' : 's'} failed; an admin can retry.`);
    banner.hidden = false;
    banner.dataset.testid = 'parked-banner';
  } else {
    banner.hidden = true;
    banner.replaceChildren();
  }
}
store.subscribe(renderBanner);
window.setInterval(() => {
  if (!store.loaded || document.hidden) return;
  api.jobs().then((j) => store.setParked(j.failures.length)).catch(() => undefined);
}, 60_000);

// Sign-in changes: restart the data (identity changed) only when it had never loaded.
auth.onChange(() => {
  if (!store.loaded) void store.ensureLoaded().catch(() => undefined);
});

async function boot(): Promise<void> {
  await auth.init(document.getElementById('auth') as HTMLElement, document.getElementById('auth-panel') as HTMLElement);
  render(true);
  // Load the board state (and go live) even when starting on a source page.
  store.ensureLoaded().then(renderBanner).catch(() => {
    connection.dataset.state = 'offline';
    connection.textContent = 'Offline';
  });
}

void boot();
