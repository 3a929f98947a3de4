import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiError, getJson, isWorthRetrying, onUnauthorized, sendJson } from './http.ts';

afterEach(() => vi.unstubAllGlobals());

function replyWith(status: number, body?: unknown) {
  const fetch = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, statusText: 'Status' }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('apiError', () => {
  it('carries the status, message and field of an error body', () => {
    const error = apiError(401, 'Unauthorized', { statusCode: 401, error: 'Unauthorized', message: 'wrong password', field: 'password' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, message: 'wrong password', field: 'password' });
  });

  it('falls back to the status line when the body is not an error body', () => {
    expect(apiError(502, 'Bad Gateway', null)).toMatchObject({ status: 502, message: '502 Bad Gateway', field: undefined });
    expect(apiError(500, 'Internal Server Error', { message: 42, field: ['x'] })).toMatchObject({
      message: '500 Internal Server Error',
      field: undefined,
    });
    expect(apiError(503, '', '<html>')).toMatchObject({ message: '503' });
  });
});

describe('isWorthRetrying', () => {
  it('retries server failures and lost connections, not refusals', () => {
    expect(isWorthRetrying(new ApiError(503, 'unavailable'))).toBe(true);
    expect(isWorthRetrying(new TypeError('Failed to fetch'))).toBe(true);
    expect(isWorthRetrying(new ApiError(401, 'no session'))).toBe(false);
    expect(isWorthRetrying(new ApiError(403, 'not for your role'))).toBe(false);
  });
});

describe('requests', () => {
  it('throws the server’s error and tells the listeners about a 401', async () => {
    replyWith(401, { statusCode: 401, error: 'Unauthorized', message: 'session ended' });
    const heard: string[] = [];
    const stop = onUnauthorized((path) => heard.push(path));
    await expect(getJson('/api/chairs')).rejects.toMatchObject({ status: 401, message: 'session ended' });
    stop();
    await expect(getJson('/api/users')).rejects.toBeInstanceOf(ApiError);
    expect(heard).toEqual(['/api/chairs']);
  });

  it('does not call a 403 an ended session', async () => {
    replyWith(403, { statusCode: 403, error: 'Forbidden', message: 'not for a nurse' });
    const heard: string[] = [];
    const stop = onUnauthorized((path) => heard.push(path));
    await expect(getJson('/api/users')).rejects.toMatchObject({ status: 403 });
    stop();
    expect(heard).toEqual([]);
  });

  it('sends JSON bodies and reads an empty 204 reply', async () => {
    const fetch = replyWith(204);
    await expect(sendJson('POST', '/api/auth/logout')).resolves.toBeUndefined();
    replyWith(201, { id: 'u1' });
    await expect(sendJson('POST', '/api/users', { username: 'kim' })).resolves.toEqual({ id: 'u1' });
    expect(fetch).toHaveBeenCalledWith('/api/auth/logout', { method: 'POST', headers: { accept: 'application/json' } });
  });
});
