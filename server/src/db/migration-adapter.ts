// Driver adapter for the Prisma CLI (migrate deploy/dev/status, db push). Prisma 6.19's JS schema
// engine has two known faults with better-sqlite3, mended here:
//  (a) on a fresh file `migrate` fails with P1014 because `_prisma_migrations` does not exist yet:
//      create it (Prisma's own DDL) on connect;
//  (b) migration scripts arrive through `executeRaw` without arguments, and better-sqlite3's
//      `prepare` accepts one statement only (P3006 from the second migration on): run those as
//      scripts.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

async function mended(adapter: SqlDriverAdapter, createMigrationsTable: boolean): Promise<SqlDriverAdapter> {
  if (createMigrationsTable) await adapter.executeScript(MIGRATIONS_TABLE_DDL);
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

export function migrationAdapterFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url: file });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => mended(await inner.connect(), true),
    connectToShadowDb: async () => mended(await inner.connectToShadowDb(), false),
  };
}
