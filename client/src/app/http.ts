import type { ApiError as ApiErrorBody } from '../../../server/src/contract/errors.ts';

/** A request this server refused or failed: its status, its message, and the input it names. */
export class ApiError extends Error {
  readonly status: number;
  /** The offending input (`username`, `password`, …) when the server named one. */
  readonly field: string | undefined;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

/** The error for a non-2xx reply: the server's message and field when the body is an error body,
 * otherwise the status line. */
export function apiError(status: number, statusText: string, body: unknown): ApiError {
  const { message, field } = (typeof body === 'object' && body !== null ? body : {}) as Partial<ApiErrorBody>;
  return new ApiError(
    status,
    typeof message === 'string' && message !== '' ? message : `${status} ${statusText}`.trim(),
    typeof field === 'string' ? field : undefined,
  );
}

/** A refused request (4xx) fails the same way again; a 5xx or a network error may not. */
export function isWorthRetrying(error: unknown): boolean {
  return !(error instanceof ApiError && error.status < 500);
}

type UnauthorizedListener = (path: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called with the path of every request answered 401; returns the function that stops it. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const error = apiError(response.status, response.statusText, body);
    if (error.status === 401) for (const listener of unauthorizedListeners) listener(path);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** GET a JSON resource of this server; a non-2xx reply throws an `ApiError`. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { signal });
}

/** Sends a JSON body (or none) to this server; a non-2xx reply throws an `ApiError`. */
export function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(
    path,
    body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
}
