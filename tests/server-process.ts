import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has ended, however it ended. */
  exited: Promise<void>;
  /** The last lines it printed (for a failure message). */
  output(): string[];
}

export interface ServerProcessOptions {
  databaseUrl: string;
  /** The ingest token, of kind `simulator` (it may open sessions). */
  token: string;
  chairs: number;
  /** 0: any free port. */
  port?: number;
}

/** `npm run serve` without the client build: `server/src/main.ts` as its own process on the
 * archive file, demo off; resolves once it listens. */
export function startServerProcess({ databaseUrl, token, chairs, port = 0 }: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      CHAIRSIDE_DEMO: '0',
      CHAIRSIDE_INGEST_TOKEN: token,
      CHAIRSIDE_INGEST_TOKEN_KIND: 'simulator',
      CHAIRSIDE_CHAIRS: String(chairs),
      // The test accounts' sign-ins date from the global setup, maybe long before this test.
      CHAIRSIDE_IDLE_TIMEOUT_MIN: String(24 * 60),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => lines.push(line) > 50 && lines.shift();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr! }).on('line', keep);
  const output = () => [...lines];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}`));
    }, START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      const url = /running at (http:\/\/[^\s]+)/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, exited, output });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening:\n${lines.join('\n')}`));
    });
  });
}

/** Sends `signal` and waits for the process to end. */
export async function stopServerProcess(server: ServerProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}
