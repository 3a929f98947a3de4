import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.ts';
import { databaseFile } from './database-url.ts';

export interface Archive {
  prisma: PrismaClient;
  /** The same connection Prisma uses, for the vitals batch writer (server/src/vitals/archive.ts):
   * one connection means one writer, so a batch never waits on a lock held by Prisma. */
  sqlite: Database.Database;
  file: string;
  close(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Applies the checked-in Prisma migrations (`prisma migrate deploy`) to the database file. */
export async function migrate(file: string): Promise<void> {
  await promisify(execFile)(process.execPath, [`${projectRoot}node_modules/prisma/build/index.js`, 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}

/** Opens the archive. Times are stored as Unix milliseconds (compact, and plain integer range
 * queries); WAL lets readers run beside the writer; synchronous=FULL makes every acknowledged
 * commit survive power loss. */
export async function openArchive(url?: string): Promise<Archive> {
  const file = databaseFile(url);
  let sqlite: Database.Database | undefined;
  const inner = new PrismaBetterSQLite3({ url: file, timeout: 5000 }, { timestampFormat: 'unixepoch-ms' });
  const factory: typeof inner = Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      // The adapter keeps its better-sqlite3 handle as `client` (@prisma/adapter-better-sqlite3 6.19.3,
      // pinned); the archive integration tests fail if that ever changes.
      sqlite = (adapter as unknown as { client: Database.Database }).client;
      return releaseLockOnFailedEnd(adapter, sqlite);
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  });
  const prisma = new PrismaClient({ adapter: factory });
  await prisma.$connect();
  if (!sqlite) throw new Error('archive: the driver adapter did not expose its connection');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  return { prisma, sqlite, file, close: () => prisma.$disconnect() };
}

/**
 * The adapter (6.19.3) releases its transaction lock only once Prisma's COMMIT or ROLLBACK statement
 * succeeds. When SQLite ends a transaction itself (a COMMIT that fails on a full disk or an I/O
 * error rolls it back; so may such a failure mid-transaction, after which ROLLBACK fails with "no
 * transaction is active"), the lock would never be released and every later transaction would
 * wait for it forever. Here a failed COMMIT leaves no transaction open and releases the lock, and a
 * ROLLBACK of a transaction SQLite already ended succeeds.
 */
function releaseLockOnFailedEnd(adapter: SqlDriverAdapter, db: Database.Database): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const tx = await startTransaction(isolationLevel);
    const executeRaw = tx.executeRaw.bind(tx);
    tx.executeRaw = async (query) => {
      if (query.sql === 'ROLLBACK' && !db.inTransaction) return 0;
      try {
        return await executeRaw(query);
      } catch (error) {
        if (query.sql === 'COMMIT') {
          if (db.inTransaction) db.exec('ROLLBACK');
          await tx.rollback();
        }
        throw error;
      }
    };
    return tx;
  };
  return adapter;
}
