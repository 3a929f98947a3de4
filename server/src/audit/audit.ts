import type { AuditEvent, AuditPage, AuditQuery } from '../contract/auth.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { Actor } from '../auth/access.ts';

export interface AuditEntry {
  action: string; // entity.verb, e.g. session.start, user.update, auth.login-failed
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Appends to the audit trail (append-only: nothing in the API updates or deletes it). Call it in
 * the same transaction as the change it records. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      at: new Date(),
      userId: actor.userId,
      username: actor.username,
      role: actor.role,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor.ip,
    },
  });
}

export const DEFAULT_AUDIT_PAGE = 100;

export async function queryAudit(prisma: PrismaClient, query: AuditQuery): Promise<AuditPage> {
  const limit = query.limit ?? DEFAULT_AUDIT_PAGE;
  const action = query.action?.endsWith('.') ? { startsWith: query.action } : query.action;
  const rows = await prisma.auditEvent.findMany({
    where: {
      at: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lte: new Date(query.to) } : {}) },
      ...(query.username ? { username: query.username } : {}),
      ...(action ? { action } : {}),
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.entityId ? { entityId: query.entityId } : {}),
      ...(query.before ? { id: { lt: query.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const events: AuditEvent[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    username: r.username,
    role: r.role,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
    ip: r.ip,
  }));
  return { events, nextBefore: rows.length > limit ? events[events.length - 1].id : null };
}
