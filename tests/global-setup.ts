import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { ROLES, type Role } from '../server/src/contract/auth.ts';
import { migrate, openArchive } from '../server/src/db/database.ts';
import { hashPassword } from '../server/src/auth/passwords.ts';
import { SignIns } from '../server/src/auth/sign-in.ts';

/** Every test account's password. */
export const TEST_PASSWORD = 'test-password-1';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database file migrated once with the real Prisma migrations, holding one account per
     * role (username = role) already signed in; each test copies it. */
    migratedDatabase: string;
    /** The session cookie of each role's account in that database. */
    signedIn: Record<Role, string>;
  }
}

export default async function setup(project: TestProject) {
  // The browser tests load the built dashboard from the real server: build it once, here, so that
  // test files running in parallel never rebuild it under each other.
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ root: `${root}client`, configFile: `${root}vite.config.ts`, logLevel: 'warn' });

  const dir = mkdtempSync(join(tmpdir(), 'chairside-test-'));
  const file = join(dir, 'template.db');
  await migrate(file);
  const archive = await openArchive(`file:${file}`);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const signIns = new SignIns(archive.prisma, 60_000);
  const signedIn = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await archive.prisma.user.create({ data: { username: role, displayName: `Test ${role}`, role, passwordHash } });
    signedIn[role] = (await signIns.start({ id: user.id, username: role, displayName: user.displayName, role }, '127.0.0.1')).secret;
  }
  await archive.close();
  project.provide('migratedDatabase', file);
  project.provide('signedIn', signedIn);
  return () => rmSync(dir, { recursive: true, force: true });
}
