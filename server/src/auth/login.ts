import type { Role } from '../contract/auth.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { recordAudit } from '../audit/audit.ts';
import { fail, ok, type Result } from '../result.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SignedInUser, SignIns } from './sign-in.ts';

/** Consecutive wrong passwords before an account is locked, and for how long. */
export const LOCKOUT = { failures: 5, minutes: 15 } as const;

const WRONG = 'username or password is wrong';

export function createLogin(prisma: PrismaClient, signIns: SignIns) {
  // Checked against when the username is unknown, so a reply takes as long either way.
  let decoy: Promise<string> | undefined;

  return async function login(username: string, password: string, ip: string): Promise<Result<{ user: SignedInUser; secret: string }>> {
    const row = await prisma.user.findUnique({ where: { username } });
    const now = Date.now();
    if (row?.lockedUntil && row.lockedUntil.getTime() > now) {
      const minutes = Math.ceil((row.lockedUntil.getTime() - now) / 60_000);
      return fail(429, 'locked', `password: too many wrong passwords; this account is locked for ${minutes} more min`, 'password');
    }
    const matches = await verifyPassword(password, row?.passwordHash ?? (await (decoy ??= hashPassword('not a password anyone has'))));
    const actor = { userId: row?.id ?? null, username, name: row?.displayName ?? username, role: row?.role ?? 'none', ip };
    if (!row || !matches || row.disabled) {
      if (row) {
        // Counted in the database (failedLogins + 1), not from the row read before the slow hash
        // check: guesses sent in parallel would otherwise all count as one.
        const { failedLogins } = await prisma.user.update({ where: { id: row.id }, data: { failedLogins: { increment: 1 } } });
        if (failedLogins >= LOCKOUT.failures) {
          await prisma.user.update({ where: { id: row.id }, data: { failedLogins: 0, lockedUntil: new Date(now + LOCKOUT.minutes * 60_000) } });
        }
      }
      await recordAudit(prisma, actor, { action: 'auth.login-failed', entity: 'user', entityId: row?.id });
      return fail(401, 'wrong-credentials', `password: ${WRONG}`, 'password');
    }
    if (row.failedLogins > 0 || row.lockedUntil) await prisma.user.update({ where: { id: row.id }, data: { failedLogins: 0, lockedUntil: null } });
    const user = { id: row.id, username: row.username, displayName: row.displayName, role: row.role as Role };
    const { secret } = await signIns.start(user, ip);
    await recordAudit(prisma, actor, { action: 'auth.login', entity: 'user', entityId: row.id });
    return ok({ user, secret });
  };
}
