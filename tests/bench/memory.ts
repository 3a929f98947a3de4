/**
 * Memory (issue #7, item 5): the server's resident set size while 500 chairs stream full vitals at
 * 1 Hz to ten dashboards, after a 10-minute warm-up and over a 30-minute soak.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { RECOVERY_WINDOW_MS } from '../../server/src/plugins/socket.ts';
import { samplesPerSecond, type Rate } from '../../simulators/load.ts';
import { medianRun, ms, processRssBytes, row } from './harness.ts';
import { withStream, type WindowResult } from './ingest.ts';

export interface MemoryOptions {
  chairs: number;
  boards: number;
  deviceSockets: number;
  warmupMin: number;
  soakMin: number;
  /** RSS is read this often. */
  sampleEveryS: number;
  /** Runs, each on a fresh server; the median by growth is reported. */
  runs: number;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<MemoryOptions, 'log'> = {
  chairs: 500,
  boards: 10,
  deviceSockets: 4,
  warmupMin: 10,
  soakMin: 30,
  sampleEveryS: 10,
  runs: 1,
};

/** Trial runs: `BENCH_MEMORY_WARMUP_MINUTES=1 BENCH_MEMORY_SOAK_MINUTES=4 npm run bench -- memory`. */
export function optionsFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): MemoryOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...(env.BENCH_MEMORY_WARMUP_MINUTES && { warmupMin: Number(env.BENCH_MEMORY_WARMUP_MINUTES) }),
    ...(env.BENCH_MEMORY_SOAK_MINUTES && { soakMin: Number(env.BENCH_MEMORY_SOAK_MINUTES) }),
    ...(env.BENCH_RUNS && { runs: Number(env.BENCH_RUNS) }),
    log,
  };
}

const RATE: Rate = { perChairHz: 1, samplesPerMessage: 1 };
const GROWTH_GOAL = 0.1;
const MiB = 2 ** 20;

export interface MemoryRun {
  run: number;
  /** Minutes since the stream started, and the server's RSS (bytes) then. */
  rss: [number, number][];
  atWarmup: number;
  atEnd: number;
  growth: number;
  /** The soak measured as one window: latency, losses, CPU. */
  soak: WindowResult;
}

async function memoryRun(run: number, options: MemoryOptions): Promise<MemoryRun> {
  const { log, chairs } = options;
  return withStream(chairs, 'socket.io', options, async (stream) => {
    const rssNow = () => {
      const bytes = processRssBytes(stream.server.pid);
      if (bytes === null) throw new Error('no /proc/<pid>/status: the memory benchmark needs Linux');
      return bytes;
    };
    stream.load.start(RATE);
    const started = performance.now();
    const minutes = () => (performance.now() - started) / 60_000;
    const rss: [number, number][] = [[0, rssNow()]];
    const sampling = setInterval(() => {
      rss.push([minutes(), rssNow()]);
      if (rss.length % Math.round(60 / options.sampleEveryS) === 1)
        log(`  ${minutes().toFixed(0)} min: RSS ${(rss.at(-1)![1] / MiB).toFixed(0)} MiB`);
    }, options.sampleEveryS * 1000);
    try {
      log(`  streaming ${chairs} chairs at 1 Hz: ${options.warmupMin} min warm-up, then ${options.soakMin} min soak`);
      await sleep(options.warmupMin * 60_000);
      const atWarmup = rssNow();
      const soak = await stream.measure(options.soakMin * 60, samplesPerSecond(RATE, chairs));
      const atEnd = rssNow();
      rss.push([minutes(), atEnd]);
      const growth = atEnd / atWarmup - 1;
      log(
        `  run ${run}: RSS ${(atWarmup / MiB).toFixed(0)} MiB after the warm-up, ${(atEnd / MiB).toFixed(0)} MiB after the soak (${(growth * 100).toFixed(1)} %); ` +
          `send → last dashboard ${row(soak.board)} ms, ${soak.failed} failed, ${soak.lost} lost`,
      );
      return { run, rss, atWarmup, atEnd, growth, soak };
    } finally {
      clearInterval(sampling);
    }
  });
}

export async function memoryBenchmark(options: MemoryOptions): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = [];
  for (let run = 1; run <= options.runs; run++) {
    options.log(`memory: ${options.chairs} chairs, run ${run} of ${options.runs}`);
    runs.push(await memoryRun(run, options));
  }
  return runs;
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const pct = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;

/** The section of docs/performance.md (between its markers). */
export function report(runs: MemoryRun[], options: Omit<MemoryOptions, 'log'>): string {
  const { median: r, all } = medianRun(runs, (m) => m.growth);
  const total = options.warmupMin + options.soakMin;
  // About ten rows whatever the durations: the RSS read nearest each mark.
  const step = Math.max(1, Math.ceil(total / 10));
  const marks = Array.from({ length: Math.floor(total / step) + 1 }, (_, i) => i * step);
  const nearest = (minute: number) => r.rss.reduce((a, b) => (Math.abs(b[0] - minute) < Math.abs(a[0] - minute) ? b : a));
  const soak = r.rss.filter(([minute]) => minute >= options.warmupMin);
  const [low, high] = [Math.min(...soak.map(([, b]) => b)), Math.max(...soak.map(([, b]) => b))];
  const half = nearest(options.warmupMin + options.soakMin / 2)[1];
  // A soak whose dashboards dropped off measured a lighter server than the one under test.
  const invalid = r.soak.disconnects > 0 || r.soak.lost > 0 || r.soak.failed > 0;
  return [
    '## Memory',
    '',
    `The server's resident set size (VmRSS in /proc/<pid>/status, read every ${options.sampleEveryS} s) while ${options.chairs} chairs, all infusing, stream full vitals ` +
      `at 1 Hz over ${options.deviceSockets} device sockets and ${options.boards} dashboards watch the board, as in the ingest benchmark (same load generator, same server; ` +
      'the chairs stream from before their sessions open, so minute 0 is when the last one is infusing). ' +
      `${options.warmupMin} min warm-up, then a ${options.soakMin} min soak; the goal is growth over the soak ≤ ${GROWTH_GOAL * 100} %. ` +
      `socket.io keeps every broadcast for ${RECOVERY_WINDOW_MS / 60_000} min so that a dropped board can be replayed what it missed (connection state recovery), ` +
      'and prunes them once a minute: memory should level off within about three minutes of a steady stream.' +
      (runs.length > 1
        ? ` ${runs.length} runs, each on a fresh server; the median by growth is shown (growth of each run: ${all.map(pct).join(', ')}).`
        : ' One run.'),
    '',
    '| Minutes after set-up | ' + marks.map((m) => `${m}`).join(' | ') + ' |',
    '| :- | ' + marks.map(() => '-:').join(' | ') + ' |',
    '| RSS | ' + marks.map((m) => mib(nearest(m)[1])).join(' | ') + ' |',
    '',
    `- RSS after the ${options.warmupMin} min warm-up: ${mib(r.atWarmup)}; after the soak (${total} min): ${mib(r.atEnd)}; growth ${pct(r.growth)} ` +
      `(goal ≤ ${GROWTH_GOAL * 100} %: ${r.growth <= GROWTH_GOAL ? 'met' : 'missed'}). During the soak RSS stayed between ${mib(low)} and ${mib(high)}; ` +
      `first half ${pct(half / r.atWarmup - 1)}, second half ${pct(r.atEnd / half - 1)}.`,
    `- Over the soak: ${Math.round(r.soak.archived).toLocaleString('en-US')} samples/s archived, send → last dashboard ${row(r.soak.board)} ms ` +
      `(p50 / p95 / p99 / max), send → ack p99 ${ms(r.soak.ack.p99)} ms, ${r.soak.failed} failed, ${r.soak.lost} lost, ${r.soak.disconnects} dashboards disconnected; ` +
      `server CPU ${r.soak.serverCpu?.toFixed(0) ?? '–'} % of one core; load average ${r.soak.load.toFixed(2)} at the end.`,
    ...(invalid
      ? [
          '- **Not a valid soak**: dashboards dropped off or samples were lost or refused, so the server carried less than the load under test.',
        ]
      : []),
  ].join('\n');
}
