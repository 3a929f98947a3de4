import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditPage } from '../contract/auth.ts';
import { appPerTest, countRows, deviceHeaders, minutesAgo, signedInAs } from '../../../tests/helpers.ts';

// The audit trail: who did what, when and from where; searchable by a supervisor; append-only.

const t = appPerTest();

const asNurse = signedInAs('nurse');
const asSupervisor = signedInAs('supervisor');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startSession(chairId: number, headers: Record<string, string>, remoteAddress?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers,
    payload: { chairId, patient: { clinicId: `MRN-${chairId}`, givenName: 'Ada', familyName: 'Lovelace' }, weightKg: 70 },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}
/** Ends a session the short way: aborted before the infusion (the patient declined). */
async function endSession(id: string, headers: Record<string, string>) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/sessions/${id}/transitions`,
    headers,
    payload: { to: 'aborted', reason: 'patient declined' },
  });
  expect(res.statusCode).toBe(200);
}
async function audit(query: Record<string, string | number> = {}): Promise<AuditPage> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await t.app.inject({ url: `/api/audit?${search}`, headers: asSupervisor });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const actions = (page: AuditPage) => page.events.map((e) => e.action);

describe('what the audit trail records', () => {
  it('starting and aborting a session: the action, who did it (person or machine) and from which address', async () => {
    const id = await startSession(1, asNurse, '10.20.0.31');
    await endSession(id, deviceHeaders);

    const { events } = await audit({ entity: 'session', entityId: id });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'session.abort',
        username: 'CHAIRSIDE_INGEST_TOKEN',
        role: 'simulator',
        ip: '127.0.0.1',
        entityId: id,
      }),
      expect.objectContaining({ action: 'session.start', username: 'nurse', role: 'nurse', ip: '10.20.0.31', entityId: id }),
    ]);
    const [ended, started] = events;
    expect(JSON.parse(ended.before!)).toEqual({ phase: 'pre-infusion' });
    expect(JSON.parse(ended.after!)).toEqual({ to: 'aborted', reason: 'patient declined' });
    expect(JSON.parse(started.after!)).toMatchObject({ id, chairId: 1, weightKg: 70 });
    expect(Date.parse(ended.at)).toBeGreaterThanOrEqual(Date.parse(started.at));
  });

  it('a supervisor’s CSV export comes with units in the header and is itself on the audit trail', async () => {
    const id = await startSession(2, deviceHeaders);
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/chairs/2/vitals',
      headers: deviceHeaders,
      payload: { samples: [2, 1].map((m) => ({ recordedAt: minutesAgo(m), hr: 80 + m, sbp: 130, dbp: 85, spo2: 97 })) },
    });
    expect(posted.statusCode).toBe(201);

    const res = await t.app.inject({ url: `/api/sessions/${id}/export.csv`, headers: asSupervisor });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="session-${id}.csv"`);
    const [header, ...rows] = res.body.trimEnd().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['recorded_at_utc', 'HR (/min)', 'SBP (mmHg)', 'SpO₂ (%)']));
    expect(rows).toHaveLength(2);

    const { events } = await audit({ action: 'session.export' });
    expect(events).toEqual([
      expect.objectContaining({ username: 'supervisor', role: 'supervisor', entity: 'session', entityId: id, ip: '127.0.0.1' }),
    ]);
    expect(JSON.parse(events[0].after!)).toEqual({ format: 'csv', samples: 2 });
  });

  it('exporting a session that does not exist is a 404 and leaves no export event', async () => {
    const res = await t.app.inject({ url: '/api/sessions/no-such-session/export.csv', headers: asSupervisor });
    expect(res.statusCode).toBe(404);
    expect(actions(await audit({ action: 'session.export' }))).toEqual([]);
  });
});

describe('searching the audit trail', () => {
  /** A morning's events, at distinct times: [start A by nurse, start B by the simulator, a token by the admin, end A by the nurse]. */
  async function morning() {
    const a = await startSession(1, asNurse);
    await pause(5);
    const b = await startSession(2, deviceHeaders);
    await pause(5);
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/ingest-tokens',
      headers: signedInAs('admin'),
      payload: { name: 'Chair 3 monitor' },
    });
    expect(token.statusCode).toBe(201);
    await pause(5);
    await endSession(a, asNurse);
    return { a, b };
  }

  it('by user, by action (exact, or every action of a kind with a trailing dot) and by entity', async () => {
    const { a, b } = await morning();

    expect(actions(await audit({ username: 'nurse' }))).toEqual(['session.abort', 'session.start']);
    expect((await audit({ username: 'nurse' })).events.every((e) => e.username === 'nurse')).toBe(true);
    expect(actions(await audit({ username: 'CHAIRSIDE_INGEST_TOKEN' }))).toEqual(['session.start']);

    expect((await audit({ action: 'session.start' })).events.map((e) => e.entityId)).toEqual([b, a]);
    expect(actions(await audit({ action: 'session.' }))).toEqual(['session.abort', 'session.start', 'session.start']);
    expect(actions(await audit({ action: 'session' }))).toEqual([]); // no dot: an exact action, and there is none
    expect(actions(await audit({ action: 'ingest-token.' }))).toEqual(['ingest-token.create']);

    expect(actions(await audit({ entity: 'ingest-token' }))).toEqual(['ingest-token.create']);
    expect(actions(await audit({ entity: 'session', entityId: a }))).toEqual(['session.abort', 'session.start']);
    expect(actions(await audit({ username: 'nurse', action: 'session.abort', entityId: a }))).toEqual(['session.abort']);
    expect(actions(await audit({ username: 'nobody' }))).toEqual([]);
  });

  it('by date range, both ends included', async () => {
    await morning();
    const all = (await audit()).events;
    expect(all).toHaveLength(4);
    const [endA, tokenMade, startB, startA] = all;
    expect(new Set(all.map((e) => e.at)).size).toBe(4);

    expect(actions(await audit({ from: startB.at, to: tokenMade.at }))).toEqual(['ingest-token.create', 'session.start']);
    expect((await audit({ from: tokenMade.at })).events).toEqual([endA, tokenMade]);
    expect((await audit({ to: startA.at })).events).toEqual([startA]);
    expect((await audit({ from: new Date(Date.parse(endA.at) + 1).toISOString() })).events).toEqual([]);
  });

  /** Every page, following nextBefore from the newest, as a reader would. */
  async function allPages(query: Record<string, string | number>) {
    const pages: AuditPage[] = [];
    let before: number | null | undefined;
    do {
      const page = await audit({ ...query, ...(before ? { before } : {}) });
      pages.push(page);
      before = page.nextBefore;
    } while (before !== null && pages.length < 20);
    return pages;
  }

  it('pages newest first; following nextBefore returns every event exactly once', async () => {
    const { b } = await morning();
    await endSession(b, deviceHeaders);
    await endSession(await startSession(3, asNurse), asNurse);
    const everything = (await audit()).events;
    expect(everything).toHaveLength(7);

    const pages = await allPages({ limit: 2 });
    expect(pages.map((p) => p.events.length)).toEqual([2, 2, 2, 1]);
    expect(pages.at(-1)!.nextBefore).toBeNull();
    const paged = pages.flatMap((p) => p.events);
    expect(paged).toEqual(everything);
    const ids = paged.map((e: AuditEvent) => e.id);
    expect(new Set(ids).size).toBe(7);
    expect(ids).toEqual([...ids].sort((x, y) => y - x)); // newest first
    for (let i = 1; i < paged.length; i++) expect(Date.parse(paged[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(paged[i].at));

    // A page exactly as long as what is left says there is no more.
    expect((await audit({ limit: 7 })).nextBefore).toBeNull();
    // Paging keeps the filter.
    const sessionPages = await allPages({ action: 'session.', limit: 3 });
    expect(sessionPages.map((p) => p.events.length)).toEqual([3, 3]);
    expect(sessionPages.flatMap((p) => p.events)).toEqual(everything.filter((e) => e.action.startsWith('session.')));
  });

  it.each([
    ['limit above 500', { limit: 501 }, 'limit'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['a date that is not a date', { from: 'last tuesday' }, 'from'],
    ['an unknown filter', { patient: 'Lovelace' }, 'patient'],
  ])('a bad search (%s) is a 400 naming %s', async (_case, query, field) => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const res = await t.app.inject({ url: `/api/audit?${search}`, headers: asSupervisor });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
  });
});

describe('the audit trail cannot be changed', () => {
  it.each(['PUT', 'PATCH', 'DELETE'] as const)(
    '%s on the audit trail or on one event is not a route (404), even for an admin',
    async (method) => {
      await startSession(1, asNurse);
      const before = countRows(t.file, 'AuditEvent');
      const [event] = (await audit()).events;
      for (const url of ['/api/audit', `/api/audit/${event.id}`, '/api/audit/1']) {
        for (const role of ['admin', 'supervisor'] as const) {
          const res = await t.app.inject({ method, url, headers: signedInAs(role), payload: { action: 'nothing.happened' } });
          expect(res.statusCode).toBe(404);
        }
      }
      expect(countRows(t.file, 'AuditEvent')).toBe(before);
      expect((await audit()).events[0]).toEqual(event);
    },
  );
});
