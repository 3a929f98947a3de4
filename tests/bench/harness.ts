/**
 * What every benchmark needs: the real server in a child process of its own (so the load generator
 * never shares its event loop) on a temporary archive, signing in, the machine, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SESSION_COOKIE } from '../../server/src/auth/access.ts';
import type { Role } from '../../server/src/contract/auth.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A year-long archive takes a while to open and migrate. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

export interface BenchServer {
  url: string;
  pid: number;
  /** Simulator token (may open sessions and post vitals). */
  token: string;
  adminPassword: string;
  /** The SQLite archive it runs on (removed by `stop()`). */
  databaseFile: string;
  /** Server CPU time so far (user + system, ms), from /proc; null where there is none. */
  cpuMs(): number | null;
  /** Last lines the server printed (for failures). */
  output(): string[];
  /** Resolves with the exit code or signal if the server stops before `stop()` is called. */
  died: Promise<string>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  chairs: number;
  /** An archive to run on (kept by `stop()`); by default a fresh one in the temp folder (removed). */
  databaseFile?: string;
  /** The checkout whose server runs (a change measured on the same archive); this one by default. */
  root?: string;
}

/**
 * Starts `server/src/main.ts` as a child process, as `npm run serve` would (migrations, then
 * listen) but on an ephemeral port, demo mode off. Extra Node flags for the server (e.g.
 * `--cpu-prof`) come from BENCH_SERVER_NODE_ARGS.
 */
export async function startServer({ chairs, databaseFile: given, root = projectRoot }: ServerOptions): Promise<BenchServer> {
  const dir = given ? null : mkdtempSync(join(os.tmpdir(), 'chairside-bench-'));
  const databaseFile = given ?? join(dir!, 'bench.db');
  const removeDir = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const token = randomBytes(24).toString('base64url');
  const adminPassword = randomBytes(18).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${databaseFile}`,
    CHAIRSIDE_CHAIRS: String(chairs),
    CHAIRSIDE_INGEST_TOKEN: token,
    CHAIRSIDE_INGEST_TOKEN_KIND: 'simulator',
    CHAIRSIDE_ADMIN_PASSWORD: adminPassword,
    CHAIRSIDE_DEMO: '0',
  };
  delete env.NODE_OPTIONS;
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 50) lines.shift();
  };
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  let stopping = false;
  createInterface({ input: child.stderr! }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      // pino writes JSON when stdout is not a terminal.
      const match = /Chairside is running at (http:\/\/\S+?) /.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${lines.join('\n')}`));
    });
  }).catch(async (error: unknown) => {
    await kill(child, exited);
    removeDir();
    throw error;
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    token,
    adminPassword,
    databaseFile,
    cpuMs: () => processCpuMs(pid),
    output: () => [...lines],
    died: exited.then((how) => (stopping ? new Promise<never>(() => {}) : how)),
    async stop() {
      stopping = true;
      await kill(child, exited);
      removeDir();
    },
  };
}

async function kill(child: ChildProcess, exited: Promise<unknown>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** utime + stime of a process, from /proc/<pid>/stat (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after "pid (comm) ": indexes 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_S = 100;

/** Resident set size of a process (bytes), from /proc/<pid>/status (Linux); null elsewhere. */
export function processRssBytes(pid: number): number | null {
  try {
    const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB === undefined ? null : Number(kB) * 1024;
  } catch {
    return null;
  }
}

/** Signs in (by default as the `admin` account made from CHAIRSIDE_ADMIN_PASSWORD); returns the Cookie header value. */
export async function signIn(server: BenchServer, account = { username: 'admin', password: server.adminPassword }): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0];
}

/** A new staff account with `role`, made by the admin as the admin page would, signed in; returns its Cookie header value. */
export async function signInNew(server: BenchServer, role: Role): Promise<string> {
  const account = { username: `bench-${role}`, password: randomBytes(18).toString('base64url') };
  const response = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { cookie: await signIn(server), 'content-type': 'application/json' },
    body: JSON.stringify({ ...account, displayName: `Bench ${role}`, role }),
  });
  if (!response.ok) throw new Error(`creating the ${role} account failed: ${response.status} ${await response.text()}`);
  return signIn(server, account);
}

/** A JSON request with the simulator token; throws unless it succeeds. */
export async function call<T>(server: BenchServer, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `task` on every item, `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  /** Where the benchmark's archives go (the temp folder) and its file system: fsync time depends on it. */
  archiveDisk: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  let distro = '';
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // not Linux
  }
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${distro ? `${distro}, ` : ''}${os.type()} ${os.release()} ${os.arch()}`,
    archiveDisk: `${os.tmpdir()}${fileSystemOf(os.tmpdir())}`,
  };
}

/** ` (ext4 on /dev/vda)`: the mount holding `path`, from /proc/mounts (Linux); empty elsewhere. */
function fileSystemOf(path: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, at]) => at && (path === at || path.startsWith(at.endsWith('/') ? at : `${at}/`)))
      .sort((a, b) => b[1].length - a[1].length);
    const [device, , type] = mounts[0] ?? [];
    return device ? ` (${type} on ${device})` : '';
  } catch {
    return '';
  }
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles (with 200 values, p99 is the third largest). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1] ?? NaN };
}

export const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(1) : value.toFixed(0));
export const row = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;

/** The median of the runs by `key` (the lower middle one when even), and every run's key in run order. */
export function medianRun<T extends { run: number }>(runs: T[], key: (r: T) => number): { median: T; all: number[] } {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], all: [...runs].sort((a, b) => a.run - b.run).map(key) };
}
