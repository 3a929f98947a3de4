import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { VitalSample } from '../contract/vitals.ts';
import { buildApp } from '../app.ts';
import {
  countRows,
  deviceHeaders,
  freshDatabase,
  listen,
  minutesAgo,
  nextEvent,
  socket,
  startTestApp,
  signedInAs,
  TEST_TOKEN,
  testConfig,
  type ClientSocket,
} from '../../../tests/helpers.ts';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function server() {
  const t = await startTestApp();
  open.push(t);
  const url = await listen(t.app);
  return { ...t, url };
}
async function client(url: string, as: Parameters<typeof socket>[1] = { role: 'nurse' }) {
  const c = await socket(url, as);
  open.push(c);
  return c;
}
const connectAnonymously = (url: string) =>
  new Promise((resolve, reject) => {
    const c = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    open.push(c);
    c.once('connect', () => resolve(c));
    c.once('connect_error', reject);
  });
const connected = (c: ClientSocket) => new Promise<void>((resolve) => c.once('connect', () => resolve()));
const emitVitals = (device: ClientSocket, request: Parameters<ClientSocket['emitWithAck']>[1]) =>
  device.emitWithAck('vitals:record', request as never);

describe('real time', () => {
  it('a board receives what a monitor records, with the sample’s client id, after the monitor’s ack', async () => {
    const s = await server();
    const board = await client(s.url);
    const monitor = await client(s.url, { token: TEST_TOKEN });
    const received = nextEvent(board, 'vitals:recorded');
    const ack = await emitVitals(monitor, { chairId: 2, samples: [{ id: 'mon-1', recordedAt: minutesAgo(0), hr: 88, spo2: 95 }] });
    expect(ack).toMatchObject({ ok: true, data: [{ id: 'mon-1', chairId: 2, hr: 88 }] });
    const event = await received;
    expect(event.samples).toEqual((ack as { data: VitalSample[] }).data);
    expect(event.eventId).toEqual(expect.any(Number));
    expect(countRows(s.file!, 'VitalSample')).toBe(1);
  });

  it('broadcasts samples posted over HTTP and session starts, with rising event ids', async () => {
    const s = await server();
    const board = await client(s.url);
    const started = nextEvent(board, 'session:started');
    await s.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: deviceHeaders,
      payload: { chairId: 1, patient: { clinicId: 'A1', givenName: 'Ann', familyName: 'Bee' }, weightKg: 70 },
    });
    const session = await started;
    expect(session.session).toMatchObject({ chairId: 1, patientInitials: 'AB', phase: 'pre-infusion' });
    const recorded = nextEvent(board, 'vitals:recorded');
    await s.app.inject({
      method: 'POST',
      url: '/api/chairs/1/vitals',
      headers: deviceHeaders,
      payload: { recordedAt: minutesAgo(0), sbp: 150, dbp: 90 },
    });
    const vitals = await recorded;
    expect(vitals.samples[0]).toMatchObject({ sessionId: session.session.id, sbp: 150, dbp: 90, map: 110 });
    expect(vitals.eventId).toBeGreaterThan(session.eventId);
  });

  it('refuses socket writes from a supervisor, a connection without credentials or with a bad token, and bad payloads, storing nothing', async () => {
    const s = await server();
    const supervisor = await client(s.url, { role: 'supervisor' });
    expect(await emitVitals(supervisor, { chairId: 1, recordedAt: minutesAgo(0), hr: 70 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(socket(s.url, { token: 'wrong' })).rejects.toThrow(/unauthorized/);
    await expect(connectAnonymously(s.url)).rejects.toThrow(/unauthorized/);
    const monitor = await client(s.url, { token: TEST_TOKEN });
    expect(await emitVitals(monitor, { chairId: 1, recordedAt: minutesAgo(0), hr: 400 })).toMatchObject({
      ok: false,
      error: { field: 'hr' },
    });
    expect(await emitVitals(monitor, { chairId: 77, recordedAt: minutesAgo(0), hr: 70 })).toMatchObject({
      ok: false,
      error: { field: 'chairId' },
    });
    expect(await emitVitals(monitor, { chairId: '1' as unknown as number, recordedAt: minutesAgo(0), hr: 70 })).toMatchObject({
      ok: false,
      error: { field: 'chairId' },
    });
    expect(countRows(s.file!, 'VitalSample')).toBe(0);
  });

  it('chair:subscribe answers with the chair’s session trend since a given seq', async () => {
    const s = await server();
    await s.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: deviceHeaders,
      payload: { chairId: 3, patient: { clinicId: 'C3', givenName: 'Cy', familyName: 'Dee' }, weightKg: 70 },
    });
    const posted = await s.app.inject({
      method: 'POST',
      url: '/api/chairs/3/vitals',
      headers: deviceHeaders,
      payload: { samples: [1, 2, 3].map((i) => ({ id: `c3-${i}`, recordedAt: minutesAgo(4 - i), hr: 70 + i })) },
    });
    const seqs = posted.json().samples.map((x: VitalSample) => x.seq);
    const tablet = await client(s.url);
    const all = await tablet.emitWithAck('chair:subscribe', { chairId: 3 });
    expect(all.ok && all.data.map((x) => x.seq)).toEqual(seqs);
    const after = await tablet.emitWithAck('chair:subscribe', { chairId: 3, since: seqs[0] });
    expect(after.ok && after.data.map((x) => x.id)).toEqual(['c3-2', 'c3-3']);
  });

  it('a board that loses its link briefly gets the missed events replayed on reconnect', async () => {
    const s = await server();
    const board: ClientSocket = connect(s.url, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
      extraHeaders: signedInAs('nurse'),
    });
    open.push(board);
    await connected(board);
    const seen: VitalSample[] = [];
    board.on('vitals:recorded', (e) => seen.push(...e.samples));
    // Recovery resumes from the last event the client received.
    await s.app.inject({
      method: 'POST',
      url: '/api/chairs/1/vitals',
      headers: deviceHeaders,
      payload: { id: 'seen', recordedAt: minutesAgo(0), hr: 65 },
    });
    await expect.poll(() => seen.length).toBe(1);
    board.io.engine.close(); // the network drops
    await s.app.inject({
      method: 'POST',
      url: '/api/chairs/1/vitals',
      headers: deviceHeaders,
      payload: { id: 'missed', recordedAt: minutesAgo(0), hr: 66 },
    });
    await connected(board);
    expect(board.recovered).toBe(true);
    await expect.poll(() => seen.map((x) => x.id)).toEqual(['seen', 'missed']);
  });

  it('after a server restart (recovery impossible) the archive backfills the trend with no gap and no duplicate', async () => {
    const db = freshDatabase();
    open.push({ close: () => db.remove() });
    const config = testConfig(db.url, { chairCount: 2 });
    let app = await buildApp(config);
    const url = await listen(app);
    const port = Number(new URL(url).port);
    const started = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: deviceHeaders,
      payload: { chairId: 1, patient: { clinicId: 'R1', givenName: 'Re', familyName: 'Start' }, weightKg: 70 },
    });
    const sessionId = started.json().id;
    const board: ClientSocket = connect(url, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
      extraHeaders: signedInAs('nurse'),
    });
    open.push(board);
    await connected(board);
    const trend = new Map<number, VitalSample>();
    board.on('vitals:recorded', (e) => e.samples.forEach((x) => trend.set(x.seq, x)));
    const record = (target: typeof app, id: string) =>
      target.inject({
        method: 'POST',
        url: '/api/chairs/1/vitals',
        headers: deviceHeaders,
        payload: { id, recordedAt: minutesAgo(0), hr: 70 },
      });
    await record(app, 'before');
    await expect.poll(() => trend.size).toBe(1);

    await app.close();
    app = await buildApp(config);
    open.push(app);
    await record(app, 'while-away'); // stored while the board is still reconnecting
    await app.listen({ port, host: '127.0.0.1' });
    await connected(board);
    expect(board.recovered).toBe(false);
    // What the client store does on an unrecovered connect: ask the archive for what came after
    // the last sample it holds.
    const lastSeq = Math.max(...trend.keys());
    const backfill = await fetch(`${url}/api/sessions/${sessionId}/vitals?since=${lastSeq}`, { headers: signedInAs('nurse') }).then((r) =>
      r.json(),
    );
    backfill.samples.forEach((x: VitalSample) => trend.set(x.seq, x));
    await record(app, 'after');
    await expect.poll(() => [...trend.values()].map((x) => x.id)).toEqual(['before', 'while-away', 'after']);
  });
});
