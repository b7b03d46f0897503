// The board's state for the whole app: loaded once, kept current by the live connection,
// observed by the sources table, the verdict feed and the source page.

import { api, ApiError } from './api';
import {
  applyEvents, applySource, BoardLive, emptyResult, stateFromSnapshot, type ApplyResult, type BoardState, type ConnectionState,
} from './live';
import type { BoardEvent, BoardSnapshot, BoardSource, SourceDto, VerdictFeedItem } from './types';

export interface StoreChange extends ApplyResult {
  /** The whole state was replaced (first load or a reset): views rebuild. */
  reset: boolean;
}

type Listener = (change: StoreChange) => void;
type ConnectionListener = (state: ConnectionState, text: string) => void;

class BoardStore {
  state: BoardState = { sources: new Map(), feed: [], parkedRecomputes: 0 };
  loaded = false;
  /** True when the server has no /api/board yet and the snapshot was assembled from older endpoints. */
  fallback = false;
  connection: ConnectionState = 'reconnecting';
  connectionText = 'Connecting…';
  private listeners = new Set<Listener>();
  private connectionListeners = new Set<ConnectionListener>();
  private live: BoardLive | null = null;
  private loading: Promise<void> | null = null;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    listener(this.connection, this.connectionText);
    return () => this.connectionListeners.delete(listener);
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }

  private setConnection(state: ConnectionState, text: string): void {
    this.connection = state;
    this.connectionText = text;
    for (const l of this.connectionListeners) l(state, text);
  }

  /** Loads the snapshot (once; concurrent callers share it) and starts the live connection. Throws ApiError (e.g. 401). */
  ensureLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    if (!this.loading) {
      this.loading = this.reload().then(() => {
        this.startLive();
      }).finally(() => { this.loading = null; });
    }
    return this.loading;
  }

  /** Fetches a fresh snapshot and replaces the state. Returns the snapshot's sequence. */
  async reload(): Promise<number> {
    const snapshot = await loadSnapshot();
    this.fallback = snapshot.fallback;
    this.state = stateFromSnapshot(snapshot.board);
    this.loaded = true;
    this.snapshotSequence = snapshot.board.sequence;
    this.live?.snapshotReloaded(snapshot.board.sequence);
    this.emit({ ...emptyResult(), reset: true });
    return snapshot.board.sequence;
  }

  private startLive(): void {
    if (this.live) return;
    const lastSequence = this.snapshotSequence;
    this.live = new BoardLive({
      reload: () => this.reload(),
      apply: (events) => this.apply(events),
      setState: (state, detail) => this.setConnection(state, detail ?? state),
    }, lastSequence);
    this.live.start();
  }

  private snapshotSequence = 0;

  apply(events: BoardEvent[]): void {
    const result = applyEvents(this.state, events);
    this.emit({ ...result, reset: false });
  }

  /** A source the user just created or edited (the live event may come later or not at all when offline). */
  upsertLocal(source: SourceDto): void {
    if (!this.loaded) return;
    const result = emptyResult();
    applySource(this.state, source, result);
    this.emit({ ...result, reset: false });
  }

  setParked(count: number): void {
    if (this.state.parkedRecomputes === count) return;
    this.state.parkedRecomputes = count;
    this.emit({ ...emptyResult(), reset: false });
  }

  source(id: number): BoardSource | undefined { return this.state.sources.get(id); }
}

export const store = new BoardStore();

// ---------------------------------------------------------------- snapshot loading

async function loadSnapshot(): Promise<{ board: BoardSnapshot; fallback: boolean }> {
  try {
    const board = await api.board();
    return { board, fallback: false };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  // The server has no /api/board yet: assemble the same picture from the older endpoints.
  const board = await assembleSnapshot();
  return { board, fallback: true };
}

async function assembleSnapshot(): Promise<BoardSnapshot> {
  const sources = await api.sources({ limit: 10000 });
  const withTrend: BoardSource[] = sources.map((s) => ({ ...s, trend: s.score ? [s.score.reliability] : [] }));
  if (withTrend.length <= 300) {
    await pool(withTrend, 6, async (s) => {
      try {
        const history = await api.history(s.id, 20);
        s.trend = history.map((h) => h.score.reliability).reverse();
      } catch { /* keep the current score as the trend */ }
    });
  }
  let verdicts: VerdictFeedItem[] = [];
  try {
    const claims = await api.latestClaims(1000);
    verdicts = claims
      .filter((c) => c.latestVerdict)
      .map((c) => ({ verdict: c.latestVerdict!, claimId: c.id, claimText: c.text, sourceId: c.sourceId, sourceName: c.sourceName, status: c.status }))
      .sort((a, b) => b.verdict.recordedAt.localeCompare(a.verdict.recordedAt) || b.verdict.id - a.verdict.id)
      .slice(0, 20);
  } catch { /* the feed stays empty */ }
  let parked = 0;
  try { parked = (await api.jobs()).failures.length; } catch { /* unknown */ }
  return { sequence: 0, sources: withTrend, verdicts, parkedRecomputes: parked };
}

export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(runners);
}
