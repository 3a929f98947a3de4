import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../server/src/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database file migrated once with the real Prisma migrations; each test copies it. */
    migratedDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'chairside-test-'));
  const file = join(dir, 'template.db');
  await migrate(file);
  project.provide('migratedDatabase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
