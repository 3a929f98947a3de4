import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VITAL_KEYS } from '../server/src/contract/vitals.ts';
import { planVisit } from './chair-simulator.ts';
import { DEFAULT_CADENCE, sessionSamples } from './physiology.ts';
import { startSimulation, type Simulation, type SimulationOptions } from './simulation.ts';
import { startFakeChairside, type FakeChairside, type StoredSample } from './testing/fake-chairside.ts';

const messages: string[] = [];
const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(`warn: ${m}`), error: (m: string) => messages.push(`error: ${m}`) };

let server: FakeChairside | undefined;
let simulation: Simulation | undefined;
afterEach(async () => {
  await simulation?.stop();
  await server?.close();
  simulation = server = undefined;
  messages.length = 0;
});

/** Fast enough that a 70 min session takes well under a second or two. */
const options = (fake: FakeChairside, overrides: Partial<SimulationOptions> = {}): SimulationOptions => ({
  url: fake.url,
  token: fake.token,
  chairs: 2,
  speed: 10_000,
  scenario: 'mixed',
  seed: 7,
  transport: 'socket',
  loop: false,
  staggerS: 0,
  log,
  ...overrides,
});

const vitalsOf = (sample: Partial<StoredSample>) => Object.fromEntries(VITAL_KEYS.filter((k) => sample[k] !== undefined).map((k) => [k, sample[k]]));
const sampleNumber = (id: string) => Number(id.split('-').at(-1));

function expectWholeSessions(fake: FakeChairside, { seed, chairs, scenario }: { seed: number; chairs: number; scenario: SimulationOptions['scenario'] }) {
  expect(fake.sessions).toHaveLength(chairs);
  for (const session of fake.sessions) {
    expect(session.phase).toBe('discharged');
    const planned = planVisit({ seed, chairId: session.chairId, number: 1, scenario });
    const plannedSamples = [...sessionSamples(planned.model, DEFAULT_CADENCE)];
    expect(session.input).toEqual(planned.session);
    const stored = fake.samples().filter((s) => s.sessionId === session.id).sort((a, b) => sampleNumber(a.id) - sampleNumber(b.id));
    expect(stored.map((s) => sampleNumber(s.id))).toEqual(plannedSamples.map((s) => s.n));
    expect(stored.map(vitalsOf)).toEqual(plannedSamples.map((s) => s.vitals));
    for (const sample of stored) {
      expect(sample.source).toBe('simulator');
      const recordedAtMs = Date.parse(sample.recordedAt);
      expect(recordedAtMs).toBeGreaterThanOrEqual(session.startedAtMs);
      expect(recordedAtMs).toBeLessThanOrEqual(sample.receivedAtMs);
    }
  }
  expect(fake.samples().every((s) => s.sessionId !== null)).toBe(true);
}

describe('startSimulation', () => {
  it.each(['socket', 'http'] as const)('drives each chair through a whole session with vitals over %s', async (transport) => {
    server = await startFakeChairside({ chairs: 2 });
    simulation = startSimulation(options(server, { transport }));
    await simulation.ready;
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 2, scenario: 'mixed' });
  });

  it('refuses invalid options at once, naming each problem', () => {
    const fake = { url: 'ftp://x', token: '' } as FakeChairside;
    expect(() => startSimulation(options(fake, { chairs: 0, speed: -1, scenario: 'chaos' as never, cadence: { bpIntervalS: 5 } }))).toThrow(
      /url must be an http.*token must not be empty.*chairs must be a whole number from 1.*speed must be from.*scenario must be one of.*BP interval must be from 60/,
    );
  });

  it('fails with a clear message when the server has fewer chairs than asked for', async () => {
    server = await startFakeChairside({ chairs: 8 });
    simulation = startSimulation(options(server, { chairs: 12 }));
    await expect(simulation.ready).rejects.toThrow(/chairs 1–12 but the server .* has 8 chairs \(no chair 9, 10, 11, 12\).*CHAIRSIDE_CHAIRS=12/);
    await expect(simulation.done).rejects.toThrow();
    expect(server.sessions).toHaveLength(0);
  });

  it('fails with a clear message when the server refuses the token', async () => {
    server = await startFakeChairside();
    simulation = startSimulation(options(server, { token: 'wrong' }));
    await expect(simulation.ready).rejects.toThrow(/refused the device token \(401\)/);
  });

  it('waits for a server that is not answering yet, and stops cleanly while waiting', async () => {
    const starting = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'starting' }));
    });
    await new Promise<void>((resolve) => starting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(starting.address() as AddressInfo).port}`;
    try {
      simulation = startSimulation(options({ url, token: 'test-token' } as FakeChairside));
      await vi.waitFor(() => expect(messages.join('\n')).toMatch(/waiting for the server at .*: GET \/api\/chairs: 503 starting; retrying/));
      await simulation.stop();
      await expect(simulation.ready).rejects.toThrow(/abort/i);
    } finally {
      starting.close();
    }
  });

  it('keeps readings refused by a busy server and resends them with the same ids until stored', async () => {
    server = await startFakeChairside({ chairs: 1 });
    server.refuseNextVitals(3);
    simulation = startSimulation(options(server, { chairs: 1 }));
    await simulation.done;
    expectWholeSessions(server, { seed: 7, chairs: 1, scenario: 'mixed' });
    const [refused, ...retries] = server.attempts;
    expect(retries.slice(0, 3).every((attempt) => attempt.ids.slice(0, refused.ids.length).join() === refused.ids.join())).toBe(true);
    expect(messages.join('\n')).toMatch(/chair 1: sending vitals: archive-unavailable.*retrying/);
  });

  it('rides out a dropped connection (a server restart) and carries on', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 1, speed: 2_000 }));
    await vi.waitFor(() => expect(fake.samples().length).toBeGreaterThan(20), { timeout: 5_000 });
    fake.dropConnections();
    await simulation.done;
    expectWholeSessions(fake, { seed: 7, chairs: 1, scenario: 'mixed' });
    expect(messages.join('\n')).toMatch(/vitals socket disconnected.*\n(.*\n)*.*vitals socket reconnected/);
  }, 30_000);

  it('ends a session left open on its chair by an earlier run before seating its patient', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const leftover = server.leaveSessionOpen(1);
    simulation = startSimulation(options(server, { chairs: 1 }));
    await simulation.done;
    expect(leftover.phase).toBe('discharged');
    expect(server.sessions.filter((s) => s.input.patient.clinicId === 'SIM-7-1-1')).toHaveLength(1);
    expect(messages.join('\n')).toMatch(/chair 1: ending session .*left active by an earlier run/);
  });

  it('in a loop, seats the next patient after a discharge, until stopped', async () => {
    server = await startFakeChairside({ chairs: 1 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 1, loop: true }));
    await vi.waitFor(() => expect(fake.sessions.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await simulation.stop();
    await expect(simulation.done).resolves.toBeUndefined();
    expect(fake.sessions[0].phase).toBe('discharged');
    expect(fake.sessions.map((s) => s.input.patient.clinicId).slice(0, 2)).toEqual(['SIM-7-1-1', 'SIM-7-1-2']);
  }, 15_000);

  it('staggers the chairs so they are at different moments of their sessions', async () => {
    server = await startFakeChairside({ chairs: 3 });
    const fake = server;
    simulation = startSimulation(options(fake, { chairs: 3, staggerS: 0.3 }));
    await simulation.done;
    const starts = [1, 2, 3].map((chairId) => fake.sessions.find((s) => s.chairId === chairId)!.startedAtMs);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(250);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(250);
  });
});
