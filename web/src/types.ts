// Shapes of the server's JSON (camelCase, kebab-case enums). See /work/main/README.md.

export type SourceKind = 'government' | 'outlet' | 'channel' | 'organization' | 'individual';
export type Outcome = 'confirmed' | 'refuted' | 'partly-true' | 'unverifiable' | 'retracted';
export type ClaimStatus = 'open' | Outcome;
export type Role = 'viewer' | 'member' | 'moderator' | 'admin';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export const SOURCE_KINDS: readonly SourceKind[] = ['government', 'outlet', 'channel', 'organization', 'individual'];
export const OUTCOMES: readonly Outcome[] = ['confirmed', 'refuted', 'partly-true', 'unverifiable', 'retracted'];
export const CONFIDENCE_PHRASES: readonly string[] = [
  'almost certainly', 'very likely', 'likely', 'roughly even', 'unlikely', 'very unlikely', 'almost no chance',
];

export interface ScoreDto {
  reliability: number;
  lower: number;
  upper: number;
  grade: Grade | string;
  confirmed: number;
  refuted: number;
  open: number;
  partlyTrue: number;
  retracted: number;
  unverifiable: number;
  resolvedWeight: number;
  brier: number | null;
  calibratedClaims: number;
  overconfident: boolean;
  version: number;
  computedAt: string;
}

export interface SourceDto {
  id: number;
  name: string;
  kind: SourceKind | string;
  aliases: string[];
  url: string | null;
  description: string | null;
  createdAt: string;
  score: ScoreDto | null;
}

export interface BoardSource extends SourceDto {
  trend: number[];
}

export interface ScoreHistoryEntry {
  version: number;
  score: ScoreDto;
  cause: string;
  causeVerdictIds: number[];
  delta: number;
  computedAt: string;
}

export interface VerdictDto {
  id: number;
  claimId: number;
  outcome: Outcome | string;
  evidenceUrls: string[];
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface ClaimDto {
  id: number;
  sourceId: number;
  sourceName: string;
  text: string;
  madeAt: string;
  url: string | null;
  citation: string | null;
  statedConfidence: number | null;
  confidencePhrase: string | null;
  repeatsClaimId: number | null;
  tags: string[];
  status: ClaimStatus | string;
  resolvedByClaimId: number | null;
  verdictCount: number;
  latestVerdict: VerdictDto | null;
  createdAt: string;
  verdicts?: VerdictDto[] | null;
}

export interface EchoDto {
  claim: ClaimDto;
  depth: number;
  repeatsClaimId: number;
}

export interface StoryDto {
  tag: string;
  claims: number;
  sources: number;
  independentOrigins: number;
  origins: number[];
}

export interface EchoesDto {
  claimId: number;
  chain: ClaimDto[];
  origin: ClaimDto;
  echoes: EchoDto[];
  sources: number;
  lostWithOrigin: number[];
  story: StoryDto | null;
}

export interface VerdictRecordedDto {
  verdict: VerdictDto;
  claim: ClaimDto;
  recomputeQueuedFor: number[];
}

export interface VerdictFeedItem {
  verdict: VerdictDto;
  claimId: number;
  claimText: string;
  sourceId: number;
  sourceName: string;
  status: ClaimStatus | string;
}

export interface BoardSnapshot {
  sequence: number;
  sources: BoardSource[];
  verdicts: VerdictFeedItem[];
  parkedRecomputes: number;
}

export type BoardEventKind = 'score-changed' | 'verdict-recorded' | 'source-changed';

export interface BoardEvent {
  sequence: number;
  kind: BoardEventKind | string;
  at: string;
  sourceId: number;
  source: BoardSource | SourceDto | null;
  cause: string | null;
  causeVerdictIds: number[] | null;
  delta: number | null;
  verdict: VerdictFeedItem | null;
}

export interface ResumeResult {
  sequence: number;
  reset: boolean;
  changes: BoardEvent[];
}

export interface SignedInUser {
  name: string;
  role: Role | string;
}

export interface RecomputeFailure {
  id: number;
  sourceId: number;
  sourceName: string;
  cause: string;
  verdictIds: number[];
  attempts: number;
  lastError: string;
  failedAt: string;
}

export interface JobsStatus {
  queueDepth: number;
  oldestPendingSeconds: number | null;
  retrying: number;
  failures: RecomputeFailure[];
}
