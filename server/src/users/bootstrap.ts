import { randomBytes } from 'node:crypto';
import type { DemoAccounts, Role } from '../contract/auth.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashPassword } from '../auth/passwords.ts';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: 'nurse', displayName: 'Demo Nurse', role: 'nurse' },
  { username: 'supervisor', displayName: 'Demo Supervisor', role: 'supervisor' },
  { username: 'admin', displayName: 'Demo Admin', role: 'admin' },
];

/** Demo mode: the three demo accounts, with this start's password. */
export async function seedDemoAccounts(prisma: PrismaClient, password: string): Promise<DemoAccounts> {
  const passwordHash = await hashPassword(password);
  for (const account of DEMO_ACCOUNTS) {
    await prisma.user.upsert({
      where: { username: account.username },
      create: { ...account, passwordHash },
      update: { passwordHash, disabled: false, failedLogins: 0, lockedUntil: null },
    });
  }
  return { password, accounts: DEMO_ACCOUNTS.map(({ username, role }) => ({ username, role })) };
}

/**
 * A server never runs open: with no account at all it creates `admin` from CHAIRSIDE_ADMIN_PASSWORD,
 * or returns a one-time setup token for the first admin (printed as a link at start).
 */
export async function firstAdmin(prisma: PrismaClient, adminPassword: string | null): Promise<{ setupToken: string | null }> {
  if ((await prisma.user.count()) > 0) return { setupToken: null };
  if (adminPassword) {
    await prisma.user.create({ data: { username: 'admin', displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(adminPassword) } });
    return { setupToken: null };
  }
  return { setupToken: randomBytes(24).toString('base64url') };
}
