import type { Role, User, UserCreateInput, UserUpdateInput } from '../contract/auth.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Actor } from '../auth/access.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordAudit } from '../audit/audit.ts';
import { fail, ok, type Result } from '../result.ts';

type Row = Awaited<ReturnType<PrismaClient['user']['findUniqueOrThrow']>>;

export function toUser(row: Row): User {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role as Role, disabled: row.disabled, createdAt: row.createdAt.toISOString() };
}

/** What the audit trail keeps of an account: never the password hash. */
const audited = (user: User) => ({ username: user.username, displayName: user.displayName, role: user.role, disabled: user.disabled });

export function createUserService(prisma: PrismaClient, onAccessChanged: (userId: string) => Promise<void>) {
  async function list(): Promise<User[]> {
    return (await prisma.user.findMany({ orderBy: { username: 'asc' } })).map(toUser);
  }

  async function create(input: UserCreateInput, actor: Actor): Promise<Result<User>> {
    if (await prisma.user.findUnique({ where: { username: input.username } })) {
      return fail(409, 'username-taken', `username: ${input.username} is already taken`, 'username');
    }
    const passwordHash = await hashPassword(input.password);
    const user = await prisma.$transaction(async (tx) => {
      const created = toUser(await tx.user.create({ data: { username: input.username, displayName: input.displayName, role: input.role, passwordHash } }));
      await recordAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: created.id, after: audited(created) });
      return created;
    });
    return ok(user);
  }

  async function update(id: string, input: UserUpdateInput, actor: Actor): Promise<Result<User>> {
    const current = await prisma.user.findUnique({ where: { id } });
    if (!current) return fail(404, 'unknown-user', `id: there is no user ${id}`, 'id');
    const losesAdmin = current.role === 'admin' && !current.disabled && (input.disabled === true || (input.role !== undefined && input.role !== 'admin'));
    if (losesAdmin && (await prisma.user.count({ where: { role: 'admin', disabled: false } })) === 1) {
      return fail(409, 'last-admin', 'the clinic must keep one active admin: make another admin first', input.role !== undefined ? 'role' : 'disabled');
    }
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    const user = await prisma.$transaction(async (tx) => {
      const updated = toUser(
        await tx.user.update({
          where: { id },
          data: {
            displayName: input.displayName,
            role: input.role,
            disabled: input.disabled,
            ...(passwordHash ? { passwordHash, failedLogins: 0, lockedUntil: null } : {}),
          },
        }),
      );
      const after = { ...audited(updated), ...(passwordHash ? { password: 'reset' } : {}) };
      await recordAudit(tx, actor, { action: 'user.update', entity: 'user', entityId: id, before: audited(toUser(current)), after });
      return updated;
    });
    // A new role, a disabled account or a new password takes effect at once: sign the user out.
    if (input.role !== undefined || input.disabled === true || passwordHash) await onAccessChanged(id);
    return ok(user);
  }

  return { list, create, update };
}
export type UserService = ReturnType<typeof createUserService>;
