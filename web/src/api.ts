// Fetch wrapper: same-origin cookies, JSON in and out, RFC 9457 problem details turned into ApiError.

import type {
  BoardSnapshot, ClaimDto, EchoesDto, JobsStatus, ScoreHistoryEntry, SignedInUser, SourceDto, VerdictRecordedDto,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  /** Field errors of a validation problem, keyed by the request body's camelCase field name. */
  readonly errors: Record<string, string[]>;

  constructor(status: number, title: string, detail: string | null, errors: Record<string, string[]>) {
    super(detail ? `${title} ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  get isUnauthorized(): boolean { return this.status === 401; }
  get isForbidden(): boolean { return this.status === 403; }
}

/** Called whenever any request answers 401, so the sign-in state can follow an expired cookie. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: () => void): void { onUnauthorized = handler; }

const fallbackTitles: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Sign in to continue.',
  403: 'Your role does not allow this.',
  404: 'Not found.',
  409: 'Someone else changed this first.',
  413: 'The request is too large.',
  500: 'The server failed to answer.',
  502: 'The server cannot be reached.',
  503: 'The server is unavailable.',
};

export async function problemFrom(response: Response): Promise<ApiError> {
  let title = fallbackTitles[response.status] ?? `Request failed (${response.status}).`;
  let detail: string | null = null;
  const errors: Record<string, string[]> = {};
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body: unknown = await response.json();
      if (body && typeof body === 'object') {
        const p = body as { title?: unknown; detail?: unknown; errors?: unknown };
        if (typeof p.title === 'string' && p.title) title = p.title;
        if (typeof p.detail === 'string' && p.detail) detail = p.detail;
        if (p.errors && typeof p.errors === 'object') {
          for (const [key, value] of Object.entries(p.errors as Record<string, unknown>)) {
            const messages = Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : typeof value === 'string' ? [value] : [];
            if (messages.length) errors[key] = messages;
          }
        }
      }
    } catch { /* not JSON after all */ }
  }
  return new ApiError(response.status, title, detail, errors);
}

export interface ApiResponse<T> {
  data: T;
  response: Response;
}

export async function request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal): Promise<ApiResponse<T>> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached.', 'Check the connection and try again.', {});
  }
  if (!response.ok) {
    const problem = await problemFrom(response);
    if (problem.isUnauthorized && onUnauthorized && !path.startsWith('/api/auth/')) onUnauthorized();
    throw problem;
  }
  const data = (response.status === 204 || response.headers.get('Content-Length') === '0'
    ? undefined
    : await response.json()) as T;
  return { data, response };
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>('GET', path, undefined, undefined, signal)).data;
}

const q = (params: Record<string, string | number | null | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

// ---- endpoints ----

export const api = {
  board: (signal?: AbortSignal) => getJson<BoardSnapshot>('/api/board', signal),
  sources: (params: { search?: string; kind?: string; limit?: number } = {}) => getJson<SourceDto[]>(`/api/sources${q(params)}`),
  source: (id: number, signal?: AbortSignal) => getJson<SourceDto>(`/api/sources/${id}`, signal),
  history: (id: number, limit = 100, signal?: AbortSignal) => getJson<ScoreHistoryEntry[]>(`/api/sources/${id}/history${q({ limit })}`, signal),
  claimsOf: (id: number, signal?: AbortSignal) => getJson<ClaimDto[]>(`/api/sources/${id}/claims`, signal),
  latestClaims: (limit: number) => getJson<ClaimDto[]>(`/api/claims${q({ limit })}`),
  async claim(id: number, signal?: AbortSignal): Promise<{ claim: ClaimDto; etag: string | null }> {
    const { data, response } = await request<ClaimDto>('GET', `/api/claims/${id}`, undefined, undefined, signal);
    return { claim: data, etag: response.headers.get('ETag') };
  },
  echoes: (id: number) => getJson<EchoesDto>(`/api/claims/${id}/echoes`),
  jobs: () => getJson<JobsStatus>('/api/jobs'),
  createSource: async (body: unknown) => (await request<SourceDto>('POST', '/api/sources', body)).data,
  createClaim: async (body: unknown) => (await request<ClaimDto>('POST', '/api/claims', body)).data,
  recordVerdict: async (claimId: number, body: unknown, etag: string | null) =>
    (await request<VerdictRecordedDto>('POST', `/api/claims/${claimId}/verdicts`, body, etag ? { 'If-Match': etag } : undefined)).data,
  me: () => getJson<SignedInUser>('/api/auth/me'),
  login: async (body: { userName: string; password: string; rememberMe: boolean }) =>
    (await request<SignedInUser>('POST', '/api/auth/login', body)).data,
  logout: async () => { await request<void>('POST', '/api/auth/logout'); },
};
