// One way to call the API: same-origin cookie session, the UI language as Accept-Language (the
// server translates its messages), errors as ApiError, and any 401 sends the app to the login page.
import type { Lang } from './i18n.ts';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** The server's error body: {statusCode, code, message, field?, errors?}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly errors: FieldProblem[] = [],
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

let language: Lang = 'zh-CN';
export function setApiLanguage(lang: Lang): void {
  language = lang;
}

const unauthenticatedListeners = new Set<() => void>();
/** Called when the session is gone (401 unauthenticated); returns the unsubscribe function. */
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Builds `?a=1&flag=x&flag=y`: arrays repeat the key (the server's `flag` filter), empty values drop out. */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Statuses that are answers rather than errors (the import's 422 report). */
  accept?: number[];
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': language, Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`/api/v1${path}${queryString(options.query)}`, {
    method: options.method ?? 'GET',
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  const data: unknown =
    res.status === 204
      ? undefined
      : (res.headers.get('content-type') ?? '').includes('json')
        ? await res.json()
        : await res.text();
  if (res.ok || options.accept?.includes(res.status)) return data as T;
  const e = (data && typeof data === 'object' ? data : {}) as Partial<{
    code: string;
    message: string;
    field: string;
    errors: FieldProblem[];
  }>;
  // Only a lost session sends the user to the login page: a wrong current password (bad_credentials,
  // also 401) on the password form must stay on the form.
  if (res.status === 401 && (e.code ?? 'unauthenticated') === 'unauthenticated')
    for (const fn of unauthenticatedListeners) fn();
  throw new ApiError(
    res.status,
    e.code ?? 'http_error',
    e.message ?? `HTTP ${res.status}`,
    e.field,
    e.errors ?? [],
    data,
  );
}

/** Runs tasks with at most `limit` in flight: dashboards fan out many small counts. */
export async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
