import type { Role } from '../contract/auth.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

interface Live {
  user: SignedInUser;
  lastSeenAt: number;
  persistedAt: number;
}

/** How often a session's last-seen time is written back (it is kept exactly in memory). */
const PERSIST_LAST_SEEN_MS = 60_000;

/**
 * Server-side sessions of signed-in users. The cookie carries a random secret; the archive keeps
 * its hash, so sessions survive a restart. A session ends after `idleTimeoutMs` without a request
 * (any request counts, so an open board stays signed in; a closed or sleeping device does not).
 */
export class SignIns {
  readonly #live = new Map<string, Live>();
  readonly #prisma: PrismaClient;
  readonly idleTimeoutMs: number;

  constructor(prisma: PrismaClient, idleTimeoutMs: number) {
    this.#prisma = prisma;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  async start(user: SignedInUser, ip: string): Promise<{ secret: string; sessionId: string }> {
    const { secret, hash } = newSecret();
    const now = Date.now();
    await this.#prisma.authSession.create({ data: { id: hash, userId: user.id, createdAt: new Date(now), lastSeenAt: new Date(now), ip } });
    this.#live.set(hash, { user, lastSeenAt: now, persistedAt: now });
    return { secret, sessionId: hash };
  }

  /** The signed-in user for a cookie secret, counting this as activity; null if unknown, ended or idle too long. */
  async resolve(secret: string, now = Date.now()): Promise<{ user: SignedInUser; sessionId: string } | null> {
    const id = hashSecret(secret);
    let live = this.#live.get(id);
    if (!live) {
      const stored = await this.#prisma.authSession.findUnique({ where: { id }, include: { user: true } });
      if (!stored || stored.endedAt || stored.user.disabled) return null;
      const { id: userId, username, displayName, role } = stored.user;
      live = {
        user: { id: userId, username, displayName, role: role as Role },
        lastSeenAt: stored.lastSeenAt.getTime(),
        persistedAt: stored.lastSeenAt.getTime(),
      };
      this.#live.set(id, live);
    }
    if (now - live.lastSeenAt > this.idleTimeoutMs) {
      await this.end(id, new Date(live.lastSeenAt + this.idleTimeoutMs));
      return null;
    }
    live.lastSeenAt = now;
    if (now - live.persistedAt > PERSIST_LAST_SEEN_MS) {
      live.persistedAt = now;
      // Bookkeeping: when it cannot be stored (a full disk), the caller is still signed in.
      await this.#prisma.authSession.update({ where: { id }, data: { lastSeenAt: new Date(now) } }).catch(() => {});
    }
    return { user: live.user, sessionId: id };
  }

  async end(sessionId: string, at = new Date()): Promise<void> {
    this.#live.delete(sessionId);
    await this.#prisma.authSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: at } });
  }

  /** Ends every session of a user (disabled, role changed, password reset); returns their ids. */
  async endAllFor(userId: string): Promise<string[]> {
    const open = await this.#prisma.authSession.findMany({ where: { userId, endedAt: null }, select: { id: true } });
    for (const { id } of open) await this.end(id);
    return open.map((s) => s.id);
  }

  /** Sessions idle past the timeout, ended now; their sockets are then disconnected by the caller. */
  async sweep(now = Date.now()): Promise<string[]> {
    const expired = [...this.#live].filter(([, live]) => now - live.lastSeenAt > this.idleTimeoutMs).map(([id]) => id);
    for (const id of expired) await this.end(id, new Date(this.#live.get(id)!.lastSeenAt + this.idleTimeoutMs));
    return expired;
  }
}
