import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { signedInAs, startTestApp } from '../../tests/helpers.ts';
import { registerHttpAccess } from './auth/access.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp({ chairCount: 8 });
});
afterAll(() => t.close());

describe('the app', () => {
  it('gives a fresh database the clinic’s chairs', async () => {
    const board = (await t.app.inject({ url: '/api/chairs', headers: signedInAs('nurse') })).json();
    expect(board.chairs.map((c: { name: string }) => c.name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Chair ${n}`));
    expect(board.chairs.every((c: { activeSession: unknown }) => c.activeSession === null)).toBe(true);
  });

  it('publishes its OpenAPI description at /docs, with every API route', async () => {
    const spec = (await t.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/chairs', '/api/chairs/{chairId}/vitals', '/api/sessions', '/api/sessions/{id}', '/api/sessions/{id}/vitals', '/api/sessions/{id}/transitions', '/api/sessions/{id}/discharge']),
    );
    const vitals = spec.paths['/api/chairs/{chairId}/vitals'].post;
    expect(vitals.security).toEqual([{ session: [] }, { ingestToken: [] }]);
    expect(vitals.description).toContain('Who may call: nurse, monitor, simulator.');
    expect(spec.paths['/api/health'].get.security).toEqual([]);
  });

  it('answers unknown API paths with a JSON 404, and health without credentials', async () => {
    const missing = await t.app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await t.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
  });

  it('refuses to start with an API route that declares no access rule', async () => {
    const app = Fastify();
    registerHttpAccess(app, async () => ({ ok: true, caller: null }));
    expect(() => app.get('/api/unguarded', async () => 'open')).toThrow(/has no rule in ROUTE_ACCESS/);
  });
});
