import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, minutesAgo } from './helpers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'crash-test-token';
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

/** The real server process (`npm run serve` without the client build), on a free port. */
function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, CHAIRSIDE_DEMO: '0', CHAIRSIDE_INGEST_TOKEN: TOKEN, CHAIRSIDE_INGEST_TOKEN_KIND: 'simulator', CHAIRSIDE_CHAIRS: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /running at (http:\/\/[^\s]+)/.exec(line)?.[1];
      if (url) resolve({ url, child });
    });
  });
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('durability', () => {
  it('a sample answered 201 survives SIGKILL straight after, and the active session resumes on restart', async () => {
    const db = freshDatabase();
    try {
      const first = await startServer(db.url);
      const session = await fetch(`${first.url}/api/sessions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ chairId: 1, patient: { clinicId: 'K-1', givenName: 'Kay', familyName: 'Ill' }, weightKg: 70 }),
      }).then((r) => r.json());
      const res = await fetch(`${first.url}/api/chairs/1/vitals`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: 'acked-then-killed', recordedAt: minutesAgo(0), hr: 91, sbp: 141, dbp: 88 }),
      });
      expect(res.status).toBe(201);
      first.child.kill('SIGKILL');

      const file = new Database(db.file, { readonly: true });
      const row = file.prepare('SELECT hr, sbp, dbp, sessionId FROM VitalSample WHERE clientId = ?').get('acked-then-killed');
      expect((file.pragma('integrity_check') as { integrity_check: string }[])[0].integrity_check).toBe('ok');
      file.close();
      expect(row).toEqual({ hr: 91, sbp: 141, dbp: 88, sessionId: session.id });

      const second = await startServer(db.url);
      const board = await fetch(`${second.url}/api/chairs`, { headers }).then((r) => r.json());
      expect(board.chairs[0]).toMatchObject({ activeSession: { id: session.id, phase: 'pre-infusion' }, latest: { hr: { value: 91 } } });
    } finally {
      db.remove();
    }
  });
});
