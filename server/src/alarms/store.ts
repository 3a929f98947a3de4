import {
  DEFAULT_ALARM_PROFILE,
  checkLimitOrder,
  type Alarm,
  type AlarmPage,
  type AlarmProfile,
  type AlarmProfileInput,
  type AlarmQuery,
} from '../contract/alarms.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Alarm as AlarmRow, PrismaClient } from '../generated/prisma/client.ts';
import { fail, ok, type Result } from '../result.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toAlarm(row: AlarmRow): Alarm {
  return {
    id: row.id,
    chairId: row.chairId,
    sessionId: row.sessionId,
    condition: row.condition,
    rule: row.rule,
    parameter: row.parameter,
    kind: row.kind as Alarm['kind'],
    priority: row.priority as Alarm['priority'],
    value: row.value,
    limit: row.limit,
    message: row.message,
    raisedAt: row.raisedAt.toISOString(),
    escalatedAt: iso(row.escalatedAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    silencedUntil: iso(row.silencedUntil),
    clearedAt: iso(row.clearedAt),
  };
}

const date = (value: string | null) => (value === null ? null : new Date(value));

/** The row for an alarm as the monitor holds it (who acknowledged it is kept by id too). */
export function toRow(alarm: Alarm, acknowledgedById: string | null = null) {
  return {
    ...alarm,
    raisedAt: new Date(alarm.raisedAt),
    escalatedAt: date(alarm.escalatedAt),
    acknowledgedAt: date(alarm.acknowledgedAt),
    acknowledgedById,
    silencedUntil: date(alarm.silencedUntil),
    clearedAt: date(alarm.clearedAt),
  };
}

export async function activeAlarms(prisma: PrismaClient): Promise<Alarm[]> {
  return (await prisma.alarm.findMany({ where: { clearedAt: null }, orderBy: { raisedAt: 'asc' } })).map(toAlarm);
}

/** Newest first; the cursor is the last alarm's raise time and id (several may share a millisecond). */
export async function queryAlarms(prisma: PrismaClient, query: AlarmQuery): Promise<Result<AlarmPage>> {
  const limit = query.limit ?? 100;
  let cursor: { at: Date; id: string } | null = null;
  if (query.before) {
    const match = /^(\d+):(.+)$/.exec(query.before);
    if (!match) return fail(400, 'invalid-cursor', 'before: not a cursor this API gave', 'before');
    cursor = { at: new Date(Number(match[1])), id: match[2]! };
  }
  const rows = await prisma.alarm.findMany({
    where: {
      ...(query.chairId !== undefined ? { chairId: query.chairId } : {}),
      ...(query.sessionId ? { sessionId: query.sessionId } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
      ...(query.active ? { clearedAt: null } : {}),
      raisedAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
      ...(cursor ? { OR: [{ raisedAt: { lt: cursor.at } }, { raisedAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const alarms = rows.slice(0, limit).map(toAlarm);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  return ok({ alarms, nextBefore: last ? `${last.raisedAt.getTime()}:${last.id}` : null });
}

const PROFILE_ID = 'clinic';

/** The clinic's profile; the ketamine default until an admin edits it. Rules added since the last
 * edit take their default. */
export async function loadProfile(prisma: PrismaClient): Promise<AlarmProfile> {
  const row = await prisma.alarmProfile.findUnique({ where: { id: PROFILE_ID } });
  if (!row) return { ...DEFAULT_ALARM_PROFILE, updatedAt: null, updatedBy: null };
  const saved = JSON.parse(row.settings) as AlarmProfileInput;
  return {
    ...DEFAULT_ALARM_PROFILE,
    ...saved,
    limits: { ...DEFAULT_ALARM_PROFILE.limits, ...saved.limits },
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export async function saveProfile(prisma: PrismaClient, input: AlarmProfileInput, actor: Actor): Promise<Result<AlarmProfile>> {
  const disorder = checkLimitOrder(input.limits);
  if (disorder) return fail(400, 'limits-out-of-order', disorder.message, disorder.field);
  const before = await loadProfile(prisma);
  const updatedAt = new Date();
  await prisma.$transaction(async (tx) => {
    const data = { settings: JSON.stringify(input), updatedAt, updatedBy: actor.name };
    await tx.alarmProfile.upsert({ where: { id: PROFILE_ID }, create: { id: PROFILE_ID, ...data }, update: data });
    const { updatedAt: _at, updatedBy: _by, ...settingsBefore } = before;
    await recordAudit(tx, actor, {
      action: 'alarm-profile.update',
      entity: 'alarm-profile',
      entityId: PROFILE_ID,
      before: settingsBefore,
      after: input,
    });
  });
  return ok({ ...input, updatedAt: updatedAt.toISOString(), updatedBy: actor.name });
}
