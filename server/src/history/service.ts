import { sessionDose } from '../clinical/dose.ts';
import type { AlarmPriority } from '../contract/alarms.ts';
import type {
  ClinicSummary,
  Outcome,
  PatientSeries,
  SessionListItem,
  SessionPage,
  SessionSearch,
  SummaryQuery,
} from '../contract/history.ts';
import { SEVERITIES } from '../contract/observations.ts';
import { ACTIVE_PHASES, type Phase } from '../contract/sessions.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { fail, ok, type Result } from '../result.ts';
import { sessionInclude, toSummary } from '../sessions/summary.ts';

export const DEFAULT_PAGE = 50;

/** A side effect on record: the current version of an entry (not corrected since), not struck through, and not "none". */
const ON_RECORD = { struck: false, amendments: { none: {} }, severity: { gte: 1 } } satisfies Prisma.SideEffectObservationWhereInput;

export function outcomeOf(phase: string): Outcome {
  return phase === 'discharged' || phase === 'aborted' ? phase : 'active';
}

function phaseFilter(outcome: Outcome | undefined): Prisma.InfusionSessionWhereInput {
  if (!outcome) return {};
  return { phase: outcome === 'active' ? { in: [...ACTIVE_PHASES] } : outcome };
}

/** The filters of a search as a Prisma condition (shared by the page and the CSV). */
export function searchWhere(query: SessionSearch): Prisma.InfusionSessionWhereInput {
  const text = query.patient?.trim();
  return {
    startedAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) },
    ...(query.chairId !== undefined ? { chairId: query.chairId } : {}),
    ...(query.patientId ? { patientId: query.patientId } : {}),
    ...(text
      ? { patient: { OR: [{ clinicId: { contains: text } }, { givenName: { contains: text } }, { familyName: { contains: text } }] } }
      : {}),
    ...phaseFilter(query.outcome),
    ...(query.sideEffect || query.minSeverity
      ? {
          observations: {
            some: { ...ON_RECORD, ...(query.sideEffect ? { kind: query.sideEffect } : {}), severity: { gte: query.minSeverity ?? 1 } },
          },
        }
      : {}),
    ...(query.alarmPriority ? { alarms: { some: { priority: query.alarmPriority } } } : {}),
    ...(query.prescriber ? { prescriber: { contains: query.prescriber } } : {}),
  };
}

const parseCursor = (cursor: string) => {
  const match = /^(\d+):(.+)$/.exec(cursor);
  return match ? { at: new Date(Number(match[1])), id: match[2]! } : null;
};

type CountsBySession = Map<string, { high: number; medium: number; low: number }>;

export function createHistoryService(prisma: PrismaClient) {
  async function alarmCounts(sessionIds: string[]): Promise<CountsBySession> {
    const counts: CountsBySession = new Map(sessionIds.map((id) => [id, { high: 0, medium: 0, low: 0 }]));
    const rows = await prisma.alarm.groupBy({ by: ['sessionId', 'priority'], where: { sessionId: { in: sessionIds } }, _count: true });
    for (const row of rows) counts.get(row.sessionId!)![row.priority as AlarmPriority] = row._count;
    return counts;
  }

  async function sideEffectCounts(sessionIds: string[]) {
    const rows = await prisma.sideEffectObservation.groupBy({
      by: ['sessionId'],
      where: { sessionId: { in: sessionIds }, ...ON_RECORD },
      _count: true,
      _max: { severity: true },
    });
    return new Map(rows.map((row) => [row.sessionId, { count: row._count, worst: row._max.severity }]));
  }

  /** Newest (or oldest) first; the cursor is the last row's start time and id. */
  async function search(query: SessionSearch): Promise<Result<SessionPage>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const oldestFirst = query.sort === 'oldest';
    let after: Prisma.InfusionSessionWhereInput = {};
    if (query.cursor) {
      const cursor = parseCursor(query.cursor);
      if (!cursor) return fail(400, 'invalid-cursor', 'cursor: not a cursor this API gave', 'cursor');
      const beyond = oldestFirst ? { gt: cursor.at } : { lt: cursor.at };
      after = { OR: [{ startedAt: beyond }, { startedAt: cursor.at, id: oldestFirst ? { gt: cursor.id } : { lt: cursor.id } }] };
    }
    const direction = oldestFirst ? 'asc' : 'desc';
    const rows = await prisma.infusionSession.findMany({
      where: { AND: [searchWhere(query), after] },
      include: { patient: true },
      orderBy: [{ startedAt: direction }, { id: direction }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const ids = page.map((row) => row.id);
    const [alarms, sideEffects] = await Promise.all([alarmCounts(ids), sideEffectCounts(ids)]);
    const sessions: SessionListItem[] = page.map((row) => ({
      id: row.id,
      chairId: row.chairId,
      patient: { id: row.patient.id, clinicId: row.patient.clinicId, givenName: row.patient.givenName, familyName: row.patient.familyName },
      phase: row.phase as Phase,
      outcome: outcomeOf(row.phase),
      seriesNumber: row.seriesNumber,
      seriesLength: row.seriesLength,
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      weightKg: row.weightKg,
      doseMgPerKg: row.doseMgPerKg,
      plannedDoseMg: row.plannedDoseMg,
      prescriber: row.prescriber,
      painBefore: row.painBefore,
      painAfter: row.painAfter,
      dischargeScore: row.dischargeScore,
      abortReason: row.abortReason,
      sideEffects: sideEffects.get(row.id)?.count ?? 0,
      worstSeverity: sideEffects.get(row.id)?.worst ?? null,
      alarms: alarms.get(row.id)!,
    }));
    const last = rows.length > limit ? page.at(-1)! : null;
    return ok({ sessions, nextCursor: last ? `${last.startedAt.getTime()}:${last.id}` : null });
  }

  /** A patient's infusions in series order, with what shows whether treatment works. */
  async function series(patientId: string): Promise<Result<PatientSeries>> {
    const patient = await prisma.patient.findUnique({ where: { id: patientId } });
    if (!patient) return fail(404, 'unknown-patient', `id: there is no patient ${patientId}`, 'id');
    const sessions = await prisma.infusionSession.findMany({
      where: { patientId },
      include: sessionInclude,
      orderBy: [{ startedAt: 'asc' }],
    });
    const ids = sessions.map((s) => s.id);
    const [alarms, worst] = await Promise.all([
      alarmCounts(ids),
      prisma.sideEffectObservation.groupBy({
        by: ['sessionId', 'kind'],
        where: { sessionId: { in: ids }, ...ON_RECORD },
        _max: { severity: true },
      }),
    ]);
    const entries = await Promise.all(
      sessions.map(async (row) => {
        const summary = toSummary(row);
        const infusionStart = row.events.find((e) => e.toPhase === 'infusing')?.at;
        const peak = infusionStart
          ? (await prisma.vitalSample.aggregate({ where: { sessionId: row.id, recordedAt: { gte: infusionStart } }, _max: { sbp: true } }))
              ._max.sbp
          : null;
        const sideEffects = Object.fromEntries(worst.filter((w) => w.sessionId === row.id).map((w) => [w.kind, w._max.severity ?? 0]));
        return {
          sessionId: row.id,
          seriesNumber: row.seriesNumber,
          startedAt: row.startedAt.toISOString(),
          outcome: outcomeOf(row.phase),
          doseMgPerKg: row.doseMgPerKg,
          plannedDoseMg: row.plannedDoseMg,
          deliveredMg: sessionDose(summary, Date.now()).deliveredMg,
          painBefore: row.painBefore,
          painAfter: row.painAfter,
          baselineSbp: row.baselineSbp,
          peakSbp: peak ?? null,
          peakSbpRise: peak != null && row.baselineSbp !== null ? peak - row.baselineSbp : null,
          sideEffects,
          alarms: alarms.get(row.id)!,
        };
      }),
    );
    const { id, clinicId, givenName, familyName, birthDate } = patient;
    return ok({ patient: { id, clinicId, givenName, familyName, birthDate }, sessions: entries });
  }

  /** Sessions started in the period and alarms raised in it. */
  async function summary(query: SummaryQuery): Promise<Result<ClinicSummary>> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) return fail(400, 'invalid-period', 'to: must be after from', 'to');
    const now = Date.now();
    const sessions = await prisma.infusionSession.findMany({
      where: { startedAt: { gte: from, lt: to } },
      select: { id: true, phase: true, startedAt: true, endedAt: true, abortReason: true },
      orderBy: { startedAt: 'asc' },
    });
    const counts = { total: sessions.length, discharged: 0, aborted: 0, active: 0 };
    let sessionMs = 0;
    for (const s of sessions) {
      counts[outcomeOf(s.phase)]++;
      sessionMs += (s.endedAt?.getTime() ?? now) - s.startedAt.getTime();
    }
    const sessionHours = sessionMs / 3_600_000;

    const worst = await prisma.sideEffectObservation.groupBy({
      by: ['sessionId', 'kind'],
      where: { session: { startedAt: { gte: from, lt: to } }, ...ON_RECORD },
      _max: { severity: true },
    });
    const byKind = new Map<string, { kind: string; sessions: number; bySeverity: { mild: number; moderate: number; severe: number } }>();
    for (const row of worst) {
      const entry = byKind.get(row.kind) ?? { kind: row.kind, sessions: 0, bySeverity: { mild: 0, moderate: 0, severe: 0 } };
      entry.sessions++;
      entry.bySeverity[SEVERITIES[row._max.severity!] as 'mild' | 'moderate' | 'severe']++;
      byKind.set(row.kind, entry);
    }

    const alarms = await prisma.alarm.findMany({
      where: { raisedAt: { gte: from, lt: to } },
      select: { rule: true, priority: true, raisedAt: true, acknowledgedAt: true, clearedAt: true },
    });
    const perHour = (count: number) => (sessionHours > 0 ? round2(count / sessionHours) : 0);
    const rules = new Map<string, { rule: string; priority: string; toAck: number[]; durations: number[]; count: number }>();
    const byPriority = { high: 0, medium: 0, low: 0 };
    const toAcknowledge: number[] = [];
    for (const alarm of alarms) {
      byPriority[alarm.priority as AlarmPriority]++;
      const entry = rules.get(alarm.rule) ?? { rule: alarm.rule, priority: alarm.priority, toAck: [], durations: [], count: 0 };
      entry.count++;
      if (alarm.acknowledgedAt) entry.toAck.push((alarm.acknowledgedAt.getTime() - alarm.raisedAt.getTime()) / 1000);
      if (alarm.clearedAt) entry.durations.push((alarm.clearedAt.getTime() - alarm.raisedAt.getTime()) / 1000);
      rules.set(alarm.rule, entry);
    }
    for (const entry of rules.values()) toAcknowledge.push(...entry.toAck);

    return ok({
      from: from.toISOString(),
      to: to.toISOString(),
      sessions: counts,
      sessionHours: round2(sessionHours),
      sideEffects: [...byKind.values()].sort((a, b) => b.sessions - a.sessions),
      alarms: {
        total: alarms.length,
        byPriority,
        byRule: [...rules.values()]
          .sort((a, b) => b.count - a.count)
          .map(({ rule, priority, count, toAck, durations }) => ({
            rule,
            priority,
            count,
            perSessionHour: perHour(count),
            medianSecondsToAcknowledge: median(toAck),
            medianDurationS: median(durations),
          })),
        perSessionHour: perHour(alarms.length),
        medianSecondsToAcknowledge: median(toAcknowledge),
      },
      aborted: sessions
        .filter((s) => s.phase === 'aborted')
        .map((s) => ({ sessionId: s.id, startedAt: s.startedAt.toISOString(), reason: s.abortReason })),
    });
  }

  return { search, series, summary };
}
export type HistoryService = ReturnType<typeof createHistoryService>;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
