/**
 * Runs simulated chairs 1..N against a Chairside server through its public API. Used by the CLI and,
 * in-process, by the server's demo mode.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApi, createHttpVitals, createSocketVitals, retrying, type ChairsideApi, type SimulationLog } from './api.ts';
import { SESSION_TIMELINE, runChair } from './chair-simulator.ts';
import { DEFAULT_CADENCE, type Cadence } from './physiology.ts';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';

const TRANSPORTS = ['socket', 'http'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface SimulationOptions {
  url: string;
  /** Device bearer token (the server's CHAIRSIDE_INGEST_TOKEN). */
  token: string;
  /** Drives chairs 1..chairs; the server must have them all. */
  chairs: number;
  /** Simulated seconds per real second: at 10, a 75 min visit takes 7.5 min. */
  speed: number;
  scenario: ScenarioName;
  /** Same seed, same patients and same readings. */
  seed: number;
  /** How vitals travel (default socket: one connection kept open). Sessions always use HTTP. */
  transport?: Transport;
  /** Seat a new patient after each discharge (default); false: one session per chair, then stop. */
  loop?: boolean;
  cadence?: Partial<Cadence>;
  /** Real seconds between two chairs' first sessions. Default: the chairs spread over one session, at most 30 s apart. */
  staggerS?: number;
  /** Default: console. */
  log?: SimulationLog;
}

export interface Simulation {
  /** Resolves once the server answered and has every chair; rejects with the reason otherwise. */
  ready: Promise<void>;
  /** Settles when every chair has stopped (after `stop()`, or after one session each without `loop`);
   * rejects if the simulation could not start or a chair had to give up (both already logged). */
  done: Promise<void>;
  /** Stops every chair and closes the connection. Sessions in progress stay open on the server. */
  stop(): Promise<void>;
}

const SIMULATION_LIMITS = {
  chairs: { min: 1, max: 5000 }, // as many as the server's CHAIRSIDE_CHAIRS allows
  speed: { min: 0.1, max: 10_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  sampleIntervalS: { min: 1, max: 60 },
  bpIntervalS: { min: 60, max: 3600 },
  staggerS: { min: 0, max: 3600 },
} as const;
const MAX_DEFAULT_STAGGER_S = 30;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every problem with the options, as sentences; empty when they are valid. */
export function simulationOptionIssues(options: SimulationOptions): string[] {
  const issues: string[] = [];
  const check = (ok: boolean, issue: string) => ok || issues.push(issue);
  const within = (value: number, { min, max }: { min: number; max: number }) => Number.isFinite(value) && value >= min && value <= max;
  const { chairs, speed, seed, sampleIntervalS, bpIntervalS, staggerS } = SIMULATION_LIMITS;
  check(/^https?:\/\/[^/]/.test(options.url), `url must be an http:// or https:// address (got "${options.url}")`);
  check(options.token.length > 0, 'token must not be empty (the server’s CHAIRSIDE_INGEST_TOKEN)');
  check(Number.isInteger(options.chairs) && within(options.chairs, chairs), `chairs must be a whole number from ${chairs.min} to ${chairs.max} (got ${options.chairs})`);
  check(within(options.speed, speed), `speed must be from ${speed.min} to ${speed.max} (got ${options.speed})`);
  check(Number.isInteger(options.seed) && within(options.seed, seed), `seed must be a whole number from ${seed.min} to ${seed.max} (got ${options.seed})`);
  check(SCENARIO_NAMES.includes(options.scenario), `scenario must be one of ${SCENARIO_NAMES.join(', ')} (got "${options.scenario}")`);
  if (options.transport !== undefined) {
    check(TRANSPORTS.includes(options.transport), `transport must be ${TRANSPORTS.join(' or ')} (got "${options.transport}")`);
  }
  const cadence = { ...DEFAULT_CADENCE, ...options.cadence };
  check(within(cadence.sampleIntervalS, sampleIntervalS), `sample interval must be from ${sampleIntervalS.min} to ${sampleIntervalS.max} s (got ${cadence.sampleIntervalS})`);
  check(within(cadence.bpIntervalS, bpIntervalS), `BP interval must be from ${bpIntervalS.min} to ${bpIntervalS.max} s (got ${cadence.bpIntervalS})`);
  check(within(cadence.recoveryBpIntervalS, bpIntervalS), `recovery BP interval must be from ${bpIntervalS.min} to ${bpIntervalS.max} s (got ${cadence.recoveryBpIntervalS})`);
  if (options.staggerS !== undefined) check(within(options.staggerS, staggerS), `stagger must be from ${staggerS.min} to ${staggerS.max} s (got ${options.staggerS})`);
  return issues;
}

/** Starts the simulation; throws a RangeError at once if the options are invalid. */
export function startSimulation(options: SimulationOptions): Simulation {
  const issues = simulationOptionIssues(options);
  if (issues.length > 0) throw new RangeError(issues.join('; '));
  const { url, token, chairs, speed, scenario, seed, transport = 'socket', loop = true, log = console } = options;
  const cadence = { ...DEFAULT_CADENCE, ...options.cadence };
  const sessionRealS = ((SESSION_TIMELINE.infusionMin + SESSION_TIMELINE.recoveryMin) * 60) / speed;
  const staggerS = options.staggerS ?? Math.min(MAX_DEFAULT_STAGGER_S, sessionRealS / chairs);
  const controller = new AbortController();
  const { signal } = controller;
  setMaxListeners(0, signal); // every chair's pending wait and request listens for the stop: no limit
  const connection = { url, token, signal };
  const api = createApi(connection);

  let markReady = () => {};
  let failReady: (reason: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });

  async function run(): Promise<void> {
    try {
      await checkChairs(api, options, log, signal);
    } catch (error) {
      if (!signal.aborted) log.error(`simulation not started: ${messageOf(error)}`);
      failReady(error);
      throw error;
    }
    markReady();
    log.info(`simulating chairs 1–${chairs}: scenario ${scenario}, seed ${seed}, speed ×${speed}, vitals over ${transport}`);
    const vitals = transport === 'socket' ? createSocketVitals({ ...connection, log }) : createHttpVitals(connection);
    const driveChair = async (chairId: number) => {
      try {
        await sleep((chairId - 1) * staggerS * 1000, undefined, { signal });
        await runChair({ chairId, seed, scenario, speed, cadence, loop, api, vitals, log, signal });
      } catch (error) {
        if (signal.aborted) return;
        log.error(`chair ${chairId} stopped: ${messageOf(error)}`);
        throw error;
      }
    };
    try {
      const results = await Promise.allSettled(Array.from({ length: chairs }, (_, i) => driveChair(i + 1)));
      const failures = results.filter((result) => result.status === 'rejected');
      if (failures.length > 0) {
        throw new Error(`${failures.length} of ${chairs} chairs stopped: ${messageOf((failures[0] as PromiseRejectedResult).reason)}`);
      }
    } finally {
      vitals.close();
    }
  }

  const done = run();
  // Whoever starts the simulation may not await these: a failure is logged, never an unhandled rejection.
  ready.catch(() => {});
  done.catch(() => {});
  return {
    ready,
    done,
    async stop() {
      controller.abort();
      await done.catch(() => {});
    },
  };
}

async function checkChairs(api: ChairsideApi, { url, chairs }: SimulationOptions, log: SimulationLog, signal: AbortSignal): Promise<void> {
  const board = await retrying(() => api.listChairs(), { what: `waiting for the server at ${url}`, log, signal });
  if (!board.ok) {
    if (board.status === 401 || board.status === 403) {
      throw new Error(`the server at ${url} refused the device token (${board.status}); pass the server's CHAIRSIDE_INGEST_TOKEN`);
    }
    throw new Error(`could not list the chairs at ${url}: ${board.message}`);
  }
  const known = new Set(board.value.chairs.map((chair) => chair.id));
  const missing = Array.from({ length: chairs }, (_, i) => i + 1).filter((id) => !known.has(id));
  if (missing.length > 0) {
    const shown = missing.length > 5 ? `${missing.slice(0, 5).join(', ')}…` : missing.join(', ');
    throw new Error(
      `the simulation drives chairs 1–${chairs} but the server at ${url} has ${known.size} chairs (no chair ${shown}); ` +
        `start the server with CHAIRSIDE_CHAIRS=${chairs}, or simulate fewer chairs`,
    );
  }
}
