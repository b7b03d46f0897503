// Live board protocol: the SignalR hub connection plus the pure sequencing / merge logic.
//
// 1. load GET /api/board (snapshot.sequence), 2. start the hub, 3. Resume(snapshot.sequence).
// While a Resume is in flight live events are buffered; afterwards the resume changes and then the
// buffered events are applied in sequence order, skipping anything at or below the last applied
// sequence. A score is applied only when its version is newer than the row's. On reconnect,
// Resume(lastApplied) again; reset=true means reload the snapshot.

import {
  HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection, type IRetryPolicy, type RetryContext,
} from '@microsoft/signalr';
import type {
  BoardEvent, BoardSnapshot, BoardSource, ResumeResult, SourceDto, VerdictFeedItem,
} from './types';

export const TREND_LENGTH = 20;
export const FEED_LENGTH = 20;

// ---------------------------------------------------------------- pure merge logic

/** Events from any number of lists, in sequence order, each sequence once, only those after lastApplied. */
export function mergeEvents(lastApplied: number, ...lists: readonly (readonly BoardEvent[])[]): BoardEvent[] {
  const bySequence = new Map<number, BoardEvent>();
  for (const list of lists) {
    for (const ev of list) {
      if (ev.sequence > lastApplied && !bySequence.has(ev.sequence)) bySequence.set(ev.sequence, ev);
    }
  }
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
}

/** Tracks the last applied sequence and buffers live events while a Resume is in flight. */
export class EventSequencer {
  private last: number;
  private resuming = false;
  private buffer: BoardEvent[] = [];

  constructor(lastApplied = 0) { this.last = lastApplied; }

  get lastApplied(): number { return this.last; }
  get isResuming(): boolean { return this.resuming; }
  get buffered(): number { return this.buffer.length; }

  /** A fresh snapshot was loaded: everything up to its sequence is in it. Buffered events after it are kept. */
  reset(sequence: number): void {
    this.last = sequence;
    this.buffer = this.buffer.filter((e) => e.sequence > sequence);
  }

  /** Starts buffering (idempotent) for a resume; returns the sequence to resume from. */
  beginResume(): number {
    this.resuming = true;
    return this.last;
  }

  /** A live event arrived: returns the events to apply now (none while resuming or when already applied). */
  offer(ev: BoardEvent): BoardEvent[] {
    if (this.resuming) {
      this.buffer.push(ev);
      return [];
    }
    if (ev.sequence <= this.last) return [];
    this.last = ev.sequence;
    return [ev];
  }

  /** Resume answered with changes: returns resume changes then buffered events, in order, without repeats. */
  completeResume(changes: readonly BoardEvent[]): BoardEvent[] {
    const out = mergeEvents(this.last, changes, this.buffer);
    this.buffer = [];
    this.resuming = false;
    const tail = out[out.length - 1];
    if (tail) this.last = tail.sequence;
    return out;
  }

  /** Resume answered reset=true and a new snapshot was loaded: returns the buffered events that came after it. */
  completeReset(snapshotSequence: number): BoardEvent[] {
    this.last = snapshotSequence;
    return this.completeResume([]);
  }
}

export interface BoardState {
  sources: Map<number, BoardSource>;
  feed: VerdictFeedItem[];
  parkedRecomputes: number;
}

export interface ApplyResult {
  /** Sources whose score moved (rows to flash and re-sort). */
  scored: Set<number>;
  /** Sources seen for the first time. */
  added: Set<number>;
  /** Sources whose name, kind, aliases, url or description changed. */
  edited: Set<number>;
  /** Feed items prepended, newest first. */
  feedAdded: VerdictFeedItem[];
  /** Every source id any applied event was about. */
  touched: Set<number>;
}

export const emptyResult = (): ApplyResult => ({
  scored: new Set(), added: new Set(), edited: new Set(), feedAdded: [], touched: new Set(),
});

export function stateFromSnapshot(snapshot: BoardSnapshot): BoardState {
  const sources = new Map<number, BoardSource>();
  for (const s of snapshot.sources) sources.set(s.id, { ...s, aliases: s.aliases ?? [], trend: (s.trend ?? []).slice(-TREND_LENGTH) });
  return { sources, feed: snapshot.verdicts.slice(0, FEED_LENGTH), parkedRecomputes: snapshot.parkedRecomputes };
}

const versionOf = (s: SourceDto | null | undefined): number => s?.score?.version ?? -1;

function sameDetails(a: SourceDto, b: SourceDto): boolean {
  return a.name === b.name && a.kind === b.kind && a.url === b.url && a.description === b.description
    && a.aliases.length === b.aliases.length && a.aliases.every((x, i) => x === b.aliases[i]);
}

/**
 * Upserts a source. Its score replaces the current one only when the version is newer
 * (then the reliability is appended to the trend, last 20 kept), so applying twice changes nothing.
 */
export function applySource(state: BoardState, incoming: SourceDto, result: ApplyResult): void {
  const current = state.sources.get(incoming.id);
  result.touched.add(incoming.id);
  if (!current) {
    const trend = incoming.score ? [incoming.score.reliability] : [];
    const given = (incoming as Partial<BoardSource>).trend;
    state.sources.set(incoming.id, {
      ...incoming, aliases: incoming.aliases ?? [], trend: given && given.length ? given.slice(-TREND_LENGTH) : trend,
    });
    result.added.add(incoming.id);
    return;
  }
  const next: BoardSource = { ...current };
  const aliases = incoming.aliases ?? [];
  if (!sameDetails(current, { ...incoming, aliases })) {
    next.name = incoming.name; next.kind = incoming.kind; next.aliases = aliases;
    next.url = incoming.url; next.description = incoming.description;
    result.edited.add(incoming.id);
  }
  if (incoming.score && versionOf(incoming) > versionOf(current)) {
    next.score = incoming.score;
    next.trend = [...current.trend, incoming.score.reliability].slice(-TREND_LENGTH);
    result.scored.add(incoming.id);
  }
  state.sources.set(incoming.id, next);
}

export function applyFeedItem(state: BoardState, item: VerdictFeedItem, result: ApplyResult): void {
  result.touched.add(item.sourceId);
  if (state.feed.some((f) => f.verdict.id === item.verdict.id)) return;
  state.feed = [item, ...state.feed].slice(0, FEED_LENGTH);
  result.feedAdded.unshift(item);
}

/** Applies one board event to the state (idempotent). */
export function applyEvent(state: BoardState, ev: BoardEvent, result: ApplyResult = emptyResult()): ApplyResult {
  switch (ev.kind) {
    case 'score-changed':
    case 'source-changed':
      if (ev.source) applySource(state, ev.source, result);
      else result.touched.add(ev.sourceId);
      break;
    case 'verdict-recorded':
      if (ev.verdict) applyFeedItem(state, ev.verdict, result);
      else result.touched.add(ev.sourceId);
      break;
    default:
      result.touched.add(ev.sourceId);
  }
  return result;
}

export function applyEvents(state: BoardState, events: readonly BoardEvent[]): ApplyResult {
  const result = emptyResult();
  for (const ev of events) applyEvent(state, ev, result);
  return result;
}

// ---------------------------------------------------------------- connection

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

/** Retries forever: 0.5 s, 1 s, 2 s, 4 s, then every 5 s (with a little jitter). */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds(context: RetryContext): number {
    const base = Math.min(5000, 500 * 2 ** context.previousRetryCount);
    return base + Math.floor(Math.random() * 250);
  },
};

export interface LiveTarget {
  /** Loads a fresh snapshot and makes it the board's state. Returns its sequence. */
  reload(): Promise<number>;
  /** Applies events (already ordered and de-duplicated). */
  apply(events: BoardEvent[]): void;
  /** Connection state for the indicator. */
  setState(state: ConnectionState, detail?: string): void;
}

const HUB_EVENTS = ['ScoreChanged', 'VerdictRecorded', 'SourceChanged'] as const;

export class BoardLive {
  private readonly sequencer: EventSequencer;
  private connection: HubConnection | null = null;
  private resumeGeneration = 0;
  private startTimer: number | undefined;
  private stopped = false;

  constructor(private readonly target: LiveTarget, snapshotSequence: number, private readonly url = '/hubs/board') {
    this.sequencer = new EventSequencer(snapshotSequence);
  }

  get lastApplied(): number { return this.sequencer.lastApplied; }

  /** The snapshot was reloaded outside a resume (e.g. after sign-in). */
  snapshotReloaded(sequence: number): void { this.sequencer.reset(sequence); }

  start(): void {
    this.stopped = false;
    if (!this.connection) this.connection = this.build();
    void this.tryStart();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.clearTimeout(this.startTimer);
    const c = this.connection;
    this.connection = null;
    if (c) await c.stop().catch(() => undefined);
  }

  private build(): HubConnection {
    const connection = new HubConnectionBuilder()
      .withUrl(this.url, { withCredentials: true })
      .withAutomaticReconnect(foreverRetry)
      .configureLogging(LogLevel.Warning)
      .build();
    for (const name of HUB_EVENTS) {
      connection.on(name, (ev: BoardEvent) => {
        if (connection !== this.connection) return;
        const ready = this.sequencer.offer(ev);
        if (ready.length) this.target.apply(ready);
      });
    }
    connection.onreconnecting(() => {
      // Anything pushed after the reconnect but before Resume answers is buffered, never applied out of order.
      this.sequencer.beginResume();
      this.target.setState('reconnecting', 'Connection lost — reconnecting…');
    });
    connection.onreconnected(() => { void this.resume(connection); });
    connection.onclose(() => {
      if (this.stopped || connection !== this.connection) return;
      this.target.setState('offline', 'Offline — retrying');
      this.scheduleStart();
    });
    return connection;
  }

  private scheduleStart(delay = 3000): void {
    window.clearTimeout(this.startTimer);
    this.startTimer = window.setTimeout(() => { void this.tryStart(); }, delay);
  }

  private async tryStart(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.stopped) return;
    if (connection.state !== HubConnectionState.Disconnected) return;
    this.target.setState('reconnecting', 'Connecting…');
    // Buffer from the first pushed event on: the snapshot may be older than what the hub sends next.
    this.sequencer.beginResume();
    try {
      await connection.start();
    } catch {
      if (connection !== this.connection || this.stopped) return;
      this.target.setState('offline', 'Offline — retrying');
      this.scheduleStart();
      return;
    }
    await this.resume(connection);
  }

  private async resume(connection: HubConnection): Promise<void> {
    if (connection !== this.connection) return;
    const generation = ++this.resumeGeneration;
    const from = this.sequencer.beginResume();
    this.target.setState('reconnecting', 'Catching up…');
    try {
      const result = await connection.invoke<ResumeResult>('Resume', from);
      if (generation !== this.resumeGeneration || connection !== this.connection) return;
      let events: BoardEvent[];
      if (result.reset) {
        const sequence = await this.target.reload();
        if (generation !== this.resumeGeneration || connection !== this.connection) return;
        events = this.sequencer.completeReset(sequence);
      } else {
        events = this.sequencer.completeResume(result.changes ?? []);
      }
      if (events.length) this.target.apply(events);
      this.target.setState('live', 'Live');
    } catch {
      if (generation !== this.resumeGeneration || connection !== this.connection) return;
      // Dropped mid-resume: onreconnected resumes again. Still connected (server error): retry shortly.
      if (connection.state === HubConnectionState.Connected) {
        this.target.setState('reconnecting', 'Catching up…');
        window.setTimeout(() => { if (generation === this.resumeGeneration) void this.resume(connection); }, 2000);
      } else if (connection.state === HubConnectionState.Disconnected) {
        this.target.setState('offline', 'Offline — retrying');
        this.scheduleStart();
      }
    }
  }
}
