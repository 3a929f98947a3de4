import { describe, expect, it } from 'vitest';
import { appPerTest, countRows, deviceHeaders, minutesAgo, signedInAs } from '../../../tests/helpers.ts';

const t = appPerTest();

const post = (chairId: number | string, payload: unknown, headers: Record<string, string> = deviceHeaders) =>
  t.app.inject({ method: 'POST', url: `/api/chairs/${chairId}/vitals`, headers, payload: payload as object });

async function startSession(chairId = 1) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers: deviceHeaders,
    payload: { chairId, patient: { clinicId: `MRN-${chairId}`, givenName: 'Ada', familyName: 'Lovelace' }, weightKg: 70 },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

describe('POST /api/chairs/:chairId/vitals', () => {
  it('stores one sample in the active session and answers with it after the commit', async () => {
    const session = await startSession(1);
    const res = await post(1, { id: 'm-1', recordedAt: minutesAgo(1), hr: 72, sbp: 128, dbp: 82, spo2: 98, source: 'monitor' });
    expect(res.statusCode).toBe(201);
    const [sample] = res.json().samples;
    expect(sample).toMatchObject({
      id: 'm-1',
      chairId: 1,
      sessionId: session.id,
      hr: 72,
      sbp: 128,
      dbp: 82,
      spo2: 98,
      rr: null,
      etco2: null,
    });
    expect(sample.map).toBeCloseTo(97.3, 1); // (128 + 2·82) / 3, derived when not measured
    expect(countRows(t.file!, 'VitalSample')).toBe(1);

    const archived = await t.app.inject({ url: `/api/sessions/${session.id}/vitals`, headers: signedInAs('nurse') });
    expect(archived.json().samples).toEqual([sample]);
  });

  it('keeps a measured MAP rather than deriving one', async () => {
    const res = await post(1, { recordedAt: minutesAgo(0), sbp: 120, dbp: 80, map: 90 });
    expect(res.json().samples[0].map).toBe(90);
  });

  it('stores a batch in order, each with its own archive sequence number', async () => {
    const samples = [3, 2, 1].map((m, i) => ({ id: `b-${i}`, recordedAt: minutesAgo(m), spo2: 97 + i }));
    const res = await post(2, { samples });
    expect(res.statusCode).toBe(201);
    const stored = res.json().samples as { id: string; seq: number }[];
    expect(stored.map((s) => s.id)).toEqual(['b-0', 'b-1', 'b-2']);
    expect(stored[0].seq).toBeLessThan(stored[1].seq);
    expect(stored[1].seq).toBeLessThan(stored[2].seq);
  });

  it('keeps samples of a chair with no active session as unassigned chair data', async () => {
    const res = await post(3, { recordedAt: minutesAgo(0), hr: 80 });
    expect(res.statusCode).toBe(201);
    expect(res.json().samples[0].sessionId).toBeNull();
    expect(countRows(t.file!, 'VitalSample')).toBe(1);
  });

  it('stores a retried sample once and answers the retry with the original', async () => {
    const first = await post(1, { id: 'retry-1', recordedAt: minutesAgo(1), hr: 70 });
    const again = await post(1, { id: 'retry-1', recordedAt: minutesAgo(1), hr: 70 });
    expect(again.statusCode).toBe(201);
    expect(again.json().samples[0]).toEqual(first.json().samples[0]);
    // A repeat within one batch, and a retry carrying different numbers, change nothing either.
    const mixed = await post(1, {
      samples: [
        { id: 'retry-1', recordedAt: minutesAgo(1), hr: 99 },
        { id: 'retry-2', recordedAt: minutesAgo(1), hr: 71 },
        { id: 'retry-2', recordedAt: minutesAgo(1), hr: 71 },
      ],
    });
    expect(mixed.json().samples.map((s: { hr: number }) => s.hr)).toEqual([70, 71, 71]);
    expect(countRows(t.file!, 'VitalSample')).toBe(2);
  });

  it('accepts the same client id on two different chairs (ids are per sender)', async () => {
    await post(1, { id: 'seq-1', recordedAt: minutesAgo(0), hr: 70 });
    await post(2, { id: 'seq-1', recordedAt: minutesAgo(0), hr: 90 });
    expect(countRows(t.file!, 'VitalSample')).toBe(2);
  });
});

describe('GET /api/sessions/:id/trend', () => {
  it('gives the samples of /vitals column by column, times in Unix ms, paged the same way', async () => {
    const session = await startSession(1);
    const at = [3, 2, 1].map((m) => minutesAgo(m));
    await post(1, {
      samples: [
        { recordedAt: at[0], hr: 72, spo2: 98 },
        { recordedAt: at[1], sbp: 131, dbp: 80 },
        { recordedAt: at[2], tempC: 36.6 },
      ],
    });
    const read = (query = '') => t.app.inject({ url: `/api/sessions/${session.id}/trend${query}`, headers: signedInAs('supervisor') });
    const { samples } = (await t.app.inject({ url: `/api/sessions/${session.id}/vitals`, headers: signedInAs('supervisor') })).json();

    const whole = await read();
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toEqual({
      seq: samples.map((s: { seq: number }) => s.seq),
      recordedAt: at.map((iso) => Date.parse(iso)),
      hr: [72, null, null],
      sbp: [null, 131, null],
      dbp: [null, 80, null],
      map: [null, samples[1].map, null],
      spo2: [98, null, null],
      rr: [null, null, null],
      etco2: [null, null, null],
      tempC: [null, null, 36.6],
    });
    const page = (await read(`?since=${samples[0].seq}&limit=1`)).json();
    expect(page.seq).toEqual([samples[1].seq]);
    expect(page.sbp).toEqual([131]);
  });

  it('answers 400 naming a limit out of range', async () => {
    const session = await startSession(1);
    const bad = await t.app.inject({ url: `/api/sessions/${session.id}/trend?limit=0`, headers: signedInAs('nurse') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('limit');
  });
});

describe('bad input never reaches the archive', () => {
  const now = () => minutesAgo(0);
  const cases: [
    string,
    number,
    string,
    () => { chair?: string | number; body?: unknown; raw?: string; headers?: Record<string, string> },
  ][] = [
    ['malformed JSON', 400, 'body', () => ({ raw: '{"recordedAt": "2026-01-01T00:00:00Z", "hr": 7' })],
    ['NaN is not JSON', 400, 'body', () => ({ raw: `{"recordedAt": "${now()}", "hr": NaN}` })],
    ['Infinity (1e999)', 400, 'spo2', () => ({ raw: `{"recordedAt": "${now()}", "spo2": 1e999}` })],
    ['a number sent as text', 400, 'hr', () => ({ body: { recordedAt: now(), hr: '72' } })],
    ['heart rate above the plausible range', 400, 'hr', () => ({ body: { recordedAt: now(), hr: 301 } })],
    ['SpO₂ below the plausible range', 400, 'spo2', () => ({ body: { recordedAt: now(), spo2: 49 } })],
    ['temperature out of range', 400, 'tempC', () => ({ body: { recordedAt: now(), tempC: 46 } })],
    ['negative respiratory rate', 400, 'rr', () => ({ body: { recordedAt: now(), rr: -1 } })],
    ['diastolic not below systolic', 400, 'dbp', () => ({ body: { recordedAt: now(), sbp: 120, dbp: 120 } })],
    ['no vital at all', 400, 'body', () => ({ body: { recordedAt: now(), source: 'monitor' } })],
    ['missing device time', 400, 'recordedAt', () => ({ body: { hr: 70 } })],
    ['device time that is not a date', 400, 'recordedAt', () => ({ body: { recordedAt: 'yesterday', hr: 70 } })],
    [
      'device time ten minutes ahead',
      400,
      'recordedAt',
      () => ({ body: { recordedAt: new Date(Date.now() + 600_000).toISOString(), hr: 70 } }),
    ],
    ['misspelt vital', 400, 'spO2', () => ({ body: { recordedAt: now(), spO2: 97 } })],
    ['unknown source', 400, 'source', () => ({ body: { recordedAt: now(), hr: 70, source: 'guess' } })],
    ['empty batch', 400, 'samples', () => ({ body: { samples: [] } })],
    [
      'one bad sample in a batch',
      400,
      'samples[1].hr',
      () => ({
        body: {
          samples: [
            { recordedAt: now(), hr: 70 },
            { recordedAt: now(), hr: 500 },
          ],
        },
      }),
    ],
    [
      'batch over 1000 samples',
      413,
      'samples',
      () => ({ body: { samples: Array.from({ length: 1001 }, () => ({ recordedAt: now(), hr: 70 })) } }),
    ],
    [
      'body over the size limit',
      413,
      'body',
      () => ({ raw: JSON.stringify({ samples: [{ recordedAt: now(), hr: 70 }], pad: 'x'.repeat(1_100_000) }) }),
    ],
    ['unknown chair', 404, 'chairId', () => ({ chair: 99, body: { recordedAt: now(), hr: 70 } })],
    ['chair id that is not a number', 400, 'chairId', () => ({ chair: 'one', body: { recordedAt: now(), hr: 70 } })],
    ['no token', 401, 'authorization', () => ({ body: { recordedAt: now(), hr: 70 }, headers: {} })],
    ['wrong token', 401, 'authorization', () => ({ body: { recordedAt: now(), hr: 70 }, headers: { authorization: 'Bearer nope' } })],
  ];

  it.each(cases)('%s → %i naming %s, nothing stored', async (_name, status, field, make) => {
    const c = make();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/chairs/${c.chair ?? 1}/vitals`,
      headers: { 'content-type': 'application/json', ...(c.headers ?? deviceHeaders) },
      payload: c.raw ?? JSON.stringify(c.body),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ statusCode: status, field });
    expect(res.json().message).toEqual(expect.any(String));
    expect(countRows(t.file!, 'VitalSample')).toBe(0);
  });
});
