/**
 * Alarm latency (issue #5): from a breaching vitals sample being sent (and from the server's
 * acceptance of it) to `alarm:raised` reaching a board client, while every chair streams normal
 * vitals at 1 Hz like a monitor would.
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io as connect, type Socket } from 'socket.io-client';
import type { AlarmChanged, ClientToServerEvents, ServerToClientEvents } from '../../server/src/contract/events.ts';
import type { SessionDetail } from '../../server/src/contract/sessions.ts';
import type { VitalSampleInput } from '../../server/src/contract/vitals.ts';
import { call, inParallel, medianRun, ms, row, signIn, startServer, summarize, type BenchServer, type Summary } from './harness.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Transport = 'socket.io' | 'HTTP';

export interface AlarmLatencyOptions {
  /** One server per entry, with that many chairs all infusing and streaming. */
  chairCounts: number[];
  /** Chair counts at which a probe set is also sent over HTTP POST. */
  httpAt: number[];
  /** Measured probes per set, after `warmupProbes` not counted. */
  probes: number;
  warmupProbes: number;
  /** A new probe starts this often (on a chair not already probed). */
  probeIntervalMs: number;
  /** Background streaming before the first probe. */
  warmupMs: number;
  /** Device sockets the background stream is spread over. */
  deviceSockets: number;
  /** Runs of every set, each on a fresh server; the median by p99 from send is reported. */
  runs: number;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<AlarmLatencyOptions, 'log'> = {
  chairCounts: [100, 500],
  httpAt: [100],
  probes: 200,
  warmupProbes: 10,
  probeIntervalMs: 125,
  warmupMs: 5_000,
  deviceSockets: 4,
  runs: Number(process.env.BENCH_RUNS) || 3,
};

/** SpO₂ ≤ 91 is a high alarm (no delay); 97 is normal. */
const BREACH_SPO2 = 88;
const NORMAL = { hr: 80, spo2: 97, rr: 14 } as const;
const BP = { sbp: 120, dbp: 80 } as const;
const CONDITION = 'spo2-below';
/** A cuff reading once a minute per chair, the rest of the stream without BP. */
const BP_EVERY_S = 60;
const PROBE_TIMEOUT_MS = 10_000;
const SETUP_CONCURRENCY = 16;

export interface SetResult {
  run: number;
  chairs: number;
  transport: Transport;
  probes: number;
  lost: number;
  fromSend: Summary;
  fromAck: Summary;
  sendToAck: Summary;
  /** Acknowledged background samples per second during the set. */
  backgroundRate: number;
  backgroundFailures: number;
  /** Background samples: send to ack. */
  backgroundAck: Summary;
  /** Server CPU over the set, % of one core. */
  serverCpu: number | null;
  /** This process's CPU over the set, % of one core. */
  benchCpu: number;
  /** This process's event-loop delay p99 over the set (ms): its own share of the latency. */
  benchLoopP99: number;
  /** The machine's 1-minute load average at the end of the set (this benchmark's processes included). */
  load: number;
  seconds: number;
}

interface Probe {
  t0: number;
  tAck?: number;
  tRaised?: number;
  failed?: string;
  raised: () => void;
  cleared: () => void;
}

/** `promise`, or a failure after PROBE_TIMEOUT_MS. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sample = (values: Partial<VitalSampleInput>): VitalSampleInput => ({ recordedAt: new Date().toISOString(), ...values });

function openSocket(url: string, credentials: { auth: { token: string } } | { extraHeaders: { cookie: string } }): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...credentials });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every chair into an infusing session through the public API, as the simulator does: a session,
 * the pre-infusion scores, a baseline BP, then the transition to infusing. */
async function infuseEveryChair(server: BenchServer, chairs: number) {
  const ids = Array.from({ length: chairs }, (_, i) => i + 1);
  await inParallel(ids, SETUP_CONCURRENCY, async (chairId) => {
    const session = await call<SessionDetail>(server, 'POST', '/api/sessions', {
      chairId,
      patient: { clinicId: `BENCH-${chairId}`, givenName: 'Bench', familyName: `Chair${chairId}` },
      weightKg: 70,
    });
    await call(server, 'POST', `/api/sessions/${session.id}/pre-scores`, { painBefore: 5, sedationBefore: 5 });
    await call(server, 'POST', `/api/chairs/${chairId}/vitals`, sample({ ...NORMAL, ...BP }));
    await call(server, 'POST', `/api/sessions/${session.id}/transitions`, { to: 'infusing' });
  });
}

/** One server with `chairs` chairs: background stream, then a probe set per transport. */
async function runChairCount(run: number, chairs: number, transports: Transport[], options: AlarmLatencyOptions): Promise<SetResult[]> {
  const { log } = options;
  log(`  starting the server with ${chairs} chairs`);
  const server = await startServer({ chairs });
  const sockets: ClientSocket[] = [];
  let streaming: Promise<void> | undefined;
  const stop = new AbortController();
  let died: string | undefined;
  void server.died.then((how) => {
    died = how;
    stop.abort();
  });
  try {
    const started = performance.now();
    await infuseEveryChair(server, chairs);
    log(`  ${chairs} chairs infusing (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const board = await openSocket(server.url, { extraHeaders: { cookie: await signIn(server) } });
    sockets.push(board);
    const devices: ClientSocket[] = [];
    for (let i = 0; i < options.deviceSockets; i++) devices.push(await openSocket(server.url, { auth: { token: server.token } }));
    sockets.push(...devices);
    const deviceOf = (chairId: number) => devices[chairId % devices.length];

    const probing = new Map<number, Probe>();
    board.on('alarm:raised', ({ alarm }: AlarmChanged) => {
      if (alarm.condition === CONDITION) probing.get(alarm.chairId)?.raised();
    });
    board.on('alarm:cleared', ({ alarm }: AlarmChanged) => {
      if (alarm.condition === CONDITION) probing.get(alarm.chairId)?.cleared();
    });
    let lost = 0;
    for (const socket of sockets) socket.on('disconnect', (reason) => log(`  ! a socket disconnected: ${reason}`));

    // Background: each chair sends a normal sample every second, the chairs spread evenly over the
    // second; a chair being probed sends the probe's samples instead.
    const background = { acked: 0, failed: 0, latencies: [] as number[], measuring: false };
    const t = performance.now();
    const due = Array.from({ length: chairs }, (_, i) => t + (i * 1000) / chairs);
    const sent = new Array<number>(chairs).fill(0);
    streaming = (async () => {
      while (!stop.signal.aborted) {
        const now = performance.now();
        for (let i = 0; i < chairs; i++) {
          if (due[i] > now) continue;
          due[i] += 1000;
          const chairId = i + 1;
          if (probing.has(chairId)) continue;
          const withBp = sent[i]++ % BP_EVERY_S === 0;
          const sentAt = performance.now();
          deviceOf(chairId)
            .timeout(PROBE_TIMEOUT_MS)
            .emit('vitals:record', { chairId, ...sample(withBp ? { ...NORMAL, ...BP } : NORMAL) }, (error, reply) => {
              if (!background.measuring) return;
              if (error || !reply.ok) background.failed++;
              else {
                background.acked++;
                background.latencies.push(performance.now() - sentAt);
              }
            });
        }
        await sleep(5);
      }
    })();
    log(`  streaming ${chairs} chairs at 1 Hz over ${devices.length} device sockets; warming up ${options.warmupMs / 1000} s`);
    await sleep(options.warmupMs);

    const results: SetResult[] = [];
    for (const transport of transports) {
      const send = (chairId: number, values: Partial<VitalSampleInput>): Promise<void> => {
        if (transport === 'HTTP') {
          return fetch(`${server.url}/api/chairs/${chairId}/vitals`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(sample(values)),
          }).then(async (response) => {
            if (response.status !== 201) throw new Error(`HTTP ${response.status} ${await response.text()}`);
          });
        }
        return deviceOf(chairId)
          .timeout(PROBE_TIMEOUT_MS)
          .emitWithAck('vitals:record', { chairId, ...sample(values) })
          .then((reply) => {
            if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
          });
      };

      const done: Probe[] = [];
      const runProbe = async (chairId: number, counted: boolean) => {
        let onRaised!: () => void;
        let onCleared!: () => void;
        const raised = new Promise<void>((resolve) => (onRaised = resolve));
        const cleared = new Promise<void>((resolve) => (onCleared = resolve));
        const probe: Probe = {
          t0: 0,
          raised: () => {
            probe.tRaised ??= performance.now();
            onRaised();
          },
          cleared: () => onCleared(),
        };
        probing.set(chairId, probe);
        try {
          probe.t0 = performance.now();
          const accepted = send(chairId, { ...NORMAL, spo2: BREACH_SPO2 }).then(() => {
            probe.tAck = performance.now();
          });
          await within(Promise.all([accepted, raised]), 'alarm:raised');
          await within(Promise.all([send(chairId, NORMAL), cleared]), 'alarm:cleared');
        } catch (error) {
          probe.failed = error instanceof Error ? error.message : String(error);
        } finally {
          probing.delete(chairId);
          if (counted) done.push(probe);
          if (probe.failed) {
            if (counted) lost++;
            log(`  ! probe on chair ${chairId} (${transport}): ${probe.failed}`);
          }
        }
      };

      const total = options.warmupProbes + options.probes;
      log(`  ${transport}: ${total} probes (${options.warmupProbes} warm-up), one every ${options.probeIntervalMs} ms`);
      lost = 0;
      const inFlight: Promise<void>[] = [];
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const cpu0 = { server: server.cpuMs(), bench: process.cpuUsage(), at: performance.now() };
      for (let n = 0; n < total; n++) {
        if (died) throw new Error(`the server exited (${died})`);
        if (n === options.warmupProbes) {
          Object.assign(background, { acked: 0, failed: 0, latencies: [], measuring: true });
          Object.assign(cpu0, { server: server.cpuMs(), bench: process.cpuUsage(), at: performance.now() });
          loop.reset();
        }
        let chairId: number;
        do chairId = 1 + Math.floor(Math.random() * chairs);
        while (probing.has(chairId));
        inFlight.push(runProbe(chairId, n >= options.warmupProbes));
        if ((n + 1) % 50 === 0) log(`    ${n + 1}/${total} probes sent`);
        await sleep(options.probeIntervalMs);
      }
      await Promise.all(inFlight);
      background.measuring = false;
      loop.disable();
      const seconds = (performance.now() - cpu0.at) / 1000;
      const serverCpu = server.cpuMs();
      const benchCpu = process.cpuUsage(cpu0.bench);
      const ok = done.filter((p) => !p.failed && p.tAck !== undefined && p.tRaised !== undefined);
      const result: SetResult = {
        run,
        chairs,
        transport,
        probes: done.length,
        lost,
        fromSend: summarize(ok.map((p) => p.tRaised! - p.t0)),
        fromAck: summarize(ok.map((p) => p.tRaised! - p.tAck!)),
        sendToAck: summarize(ok.map((p) => p.tAck! - p.t0)),
        backgroundRate: background.acked / seconds,
        backgroundFailures: background.failed,
        backgroundAck: summarize(background.latencies),
        serverCpu: serverCpu === null || cpu0.server === null ? null : ((serverCpu - cpu0.server) / 1000 / seconds) * 100,
        benchCpu: ((benchCpu.user + benchCpu.system) / 1000 / 1000 / seconds) * 100,
        benchLoopP99: loop.percentile(99) / 1e6,
        load: os.loadavg()[0],
        seconds,
      };
      results.push(result);
      log(
        `  ${chairs} chairs, ${transport}: send→raised ${row(result.fromSend)} ms, ack→raised ${row(result.fromAck)} ms ` +
          `(p50/p95/p99/max); background ${result.backgroundRate.toFixed(0)} samples/s, ${result.backgroundFailures} failed`,
      );
    }
    return results;
  } catch (error) {
    log(`  server output:\n${server.output().join('\n')}`);
    throw error;
  } finally {
    stop.abort();
    await streaming;
    for (const socket of sockets) socket.removeAllListeners('disconnect').close();
    await server.stop();
  }
}

export async function alarmLatency(options: AlarmLatencyOptions): Promise<SetResult[]> {
  const results: SetResult[] = [];
  for (let run = 1; run <= options.runs; run++) {
    for (const chairs of options.chairCounts) {
      options.log(`alarm latency at ${chairs} chairs, run ${run} of ${options.runs}`);
      results.push(...(await runChairCount(run, chairs, options.httpAt.includes(chairs) ? ['socket.io', 'HTTP'] : ['socket.io'], options)));
    }
  }
  return results;
}

const GOAL_MS = 1000;
/** `worst`, `2nd-worst`, `3rd-worst`… */
const nthWorst = (n: number) => (n === 1 ? 'worst' : `${n}${n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}-worst`);

/** The section of docs/performance.md (between its markers). */
export function report(all: SetResult[], options: Omit<AlarmLatencyOptions, 'log'>): string {
  // Each set's median run by p99 from send, with every run's p99.
  const sets = [...new Set(all.map((r) => `${r.chairs} ${r.transport}`))].map((set) =>
    medianRun(
      all.filter((r) => `${r.chairs} ${r.transport}` === set),
      (r) => r.fromSend.p99,
    ),
  );
  const results = sets.map((s) => s.median);
  const table = [
    '| Chairs | Transport | Background samples/s | Probes (lost) | From send (ms): p50 / p95 / p99 / max | From ack (ms): p50 / p95 / p99 / max | p99 from send of each run (ms) |',
    '| -: | :- | -: | -: | -: | -: | -: |',
    ...sets.map(
      ({ median: r, all: p99s }) =>
        `| ${r.chairs} | ${r.transport} | ${r.backgroundRate.toFixed(0)}${r.backgroundFailures ? ` (${r.backgroundFailures} failed)` : ''} | ${r.probes} (${r.lost}) | ${row(r.fromSend)} | ${row(r.fromAck)} | ${p99s.map(ms).join(', ')} |`,
    ),
  ];
  const context = [
    '| Chairs | Transport | Probe send → ack p50 / p99 (ms) | Background send → ack p50 / p99 (ms) | Server CPU | Benchmark CPU | Benchmark event-loop delay p99 (ms) | Load average (1 min) |',
    '| -: | :- | -: | -: | -: | -: | -: | -: |',
    ...results.map(
      (r) =>
        `| ${r.chairs} | ${r.transport} | ${ms(r.sendToAck.p50)} / ${ms(r.sendToAck.p99)} | ${ms(r.backgroundAck.p50)} / ${ms(r.backgroundAck.p99)} | ` +
        `${r.serverCpu === null ? '–' : `${r.serverCpu.toFixed(0)} %`} | ${r.benchCpu.toFixed(0)} % | ${ms(r.benchLoopP99)} | ${r.load.toFixed(2)} |`,
    ),
  ];
  const worst = results.reduce((a, b) => (b.fromSend.p99 > a.fromSend.p99 ? b : a));
  const lost = results.reduce((sum, r) => sum + r.lost, 0);
  const each = (f: (r: SetResult) => string) => results.map((r) => `${f(r)} (${r.chairs}, ${r.transport})`).join(', ');
  const verdict =
    worst.fromSend.max < GOAL_MS && lost === 0
      ? 'every probe met it'
      : worst.fromSend.p99 < GOAL_MS
        ? 'p99 meets it, not every probe'
        : 'p99 misses it';
  const tailBeforeAck = results.filter((r) => r.sendToAck.p99 > r.fromAck.p99).length;
  // Background samples queue behind the same stalls when their ack p99 is of the probes' order.
  const shared = results.every((r) => r.backgroundAck.p99 >= r.sendToAck.p99 / 2);
  return [
    '## Alarm latency',
    '',
    'Time from a breaching vitals sample (SpO₂ 88, a high alarm with no delay) to `alarm:raised` on a signed-in board socket, ' +
      'measured from just before the sample is sent and from the moment the server accepted it (socket.io ack, or HTTP 201). ' +
      `Meanwhile every chair is infusing and streams a normal sample (HR 80, SpO₂ 97, RR 14; BP once a minute) at 1 Hz over ${options.deviceSockets} device sockets. ` +
      `Each set is ${options.probes} probes (after ${options.warmupProbes} warm-up probes), one every ${options.probeIntervalMs} ms on a random chair; ` +
      'each probe then sends a normal sample and waits for `alarm:cleared` before that chair can be probed again. ' +
      'The server runs as its own process (`server/src/main.ts`, a fresh SQLite archive in the temp folder, demo mode off); ' +
      'the load generator, the device sockets and the board socket share the benchmark process, so both timestamps come from one clock (`performance.now()`). ' +
      `Percentiles are nearest-rank: with ${options.probes} probes, p99 is the ${nthWorst(options.probes - Math.ceil(0.99 * options.probes) + 1)} probe. ` +
      `Each set ran ${options.runs} times, each on a fresh server; the tables show its median run by p99 from send.`,
    '',
    ...table,
    '',
    'Where the time goes: the ack of the probe itself and of the background samples, and the CPU of both processes (% of one core).',
    '',
    ...context,
    '',
    `- Goal "alarms within a second": the worst p99 from send is ${ms(worst.fromSend.p99)} ms (${worst.chairs} chairs, ${worst.transport}), ` +
      `max ${ms(worst.fromSend.max)} ms: ${verdict}${lost ? `; ${lost} probe(s) lost` : ''}.`,
    `- Median split: send → ack ${each((r) => `${ms(r.sendToAck.p50)} ms`)}, covering transport, validation and the vitals group commit ` +
      `(SQLite, fsync with synchronous=FULL); ack → board ${each((r) => `${ms(r.fromAck.p50)} ms`)}, covering the alarm row written through Prisma ` +
      '(a second commit) and the broadcast.',
    `- The tail is ${tailBeforeAck === results.length ? 'before the ack in every set' : `before the ack in ${tailBeforeAck} of ${results.length} sets`} ` +
      `(probe send → ack p99 vs ack → board p99: ${each((r) => `${ms(r.sendToAck.p99)} vs ${ms(r.fromAck.p99)} ms`)}); ` +
      `background samples' ack p99 is ${each((r) => `${ms(r.backgroundAck.p99)} ms`)}` +
      `${shared ? ': the delay is the server being busy for every sample, not the alarm path' : ''}. ` +
      'The server commits to SQLite synchronously on its event loop (better-sqlite3), so each commit, each garbage collection and any other load ' +
      'on the machine (see the load average) holds up every event queued behind it.',
  ].join('\n');
}
