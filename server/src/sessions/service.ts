import type {
  DischargeInput,
  Phase,
  PreScoresInput,
  RateChangeInput,
  SessionDetail,
  SessionStartInput,
  SessionSummary,
  TransitionInput,
} from '../contract/sessions.ts';
import { ACTIVE_PHASES, PRESCRIPTION_LIMITS } from '../contract/sessions.ts';
import { MAX_CLOCK_SKEW_MS, type TrendColumns, type VitalSample } from '../contract/vitals.ts';
import type { VitalsArchive } from '../vitals/archive.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { Bundle } from '@medplum/fhirtypes';
import type { LiveBoard } from '../chairs/live.ts';
import { sessionBundle } from '../export/fhir.ts';
import { listObservations } from '../observations/service.ts';
import { checkLimitOrder, effectiveLimits, type AlarmLimits, type SessionAlarmLimitsInput } from '../contract/alarms.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import { plannedDoseMg, rateMgPerH } from '../clinical/dose.ts';
import { assessDischarge, DISCHARGE_READY_AT } from '../clinical/discharge.ts';
import { transitionRefusal } from '../clinical/phases.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import { samplesCsv } from '../export/csv.ts';
import { BASELINE_COLUMNS, sessionInclude, toDetail, toSummary, type SessionWithHistory } from './summary.ts';

/** Largest page of samples one read returns. */
export const MAX_SAMPLES_PER_READ = 20_000;

const isActive = (phase: string) => ACTIVE_PHASES.includes(phase as Phase);
/** A session counts in the patient's series once ketamine ran (not one aborted before dosing). */
const INFUSED = { events: { some: { toPhase: 'infusing' } } } satisfies Prisma.InfusionSessionWhereInput;
const unknownSession = (id: string) => fail(404, 'unknown-session', `id: there is no session ${id}`, 'id');

export interface SessionServiceDeps {
  prisma: PrismaClient;
  live: LiveBoard;
  broadcaster: Broadcaster;
  /** The clinic's alarm limits, which a session's overrides must keep in order with. */
  clinicLimits: () => AlarmLimits;
  /** After the board took a change (the alarm monitor re-evaluates the chair). */
  changed: (chairId: number) => void;
  /** The clinic's clock (a seeder replaying past sessions gives its own). */
  now: () => number;
  /** Where a session's samples are read from, in archive order after a seq. */
  archive: Pick<VitalsArchive, 'readSession' | 'readTrend'>;
}

export function createSessionService({ prisma, live, broadcaster, clinicLimits, changed, now: clock, archive }: SessionServiceDeps) {
  /** After any change: the board and every screen follow, and a closed session frees its chair. */
  function publish(session: SessionWithHistory, event: 'session:started' | 'session:updated' | 'session:ended') {
    const summary = toSummary(session);
    if (event === 'session:ended') live.setSession(session.chairId, null);
    else if (event === 'session:started') live.setSession(session.chairId, summary);
    else live.updateSession(summary);
    broadcaster.session(event, summary);
    changed(session.chairId);
    return summary;
  }

  async function start(input: SessionStartInput, actor: Actor): Promise<Result<SessionDetail>> {
    const chair = live.chair(input.chairId);
    if (!chair) return fail(404, 'unknown-chair', `chairId: there is no chair ${input.chairId}`, 'chairId');
    if (!chair.inService) return fail(409, 'chair-out-of-service', `chairId: ${chair.name} is out of service`, 'chairId');
    if (chair.activeSession) {
      return fail(409, 'chair-busy', `chairId: ${chair.name} already has an active session (${chair.activeSession.id})`, 'chairId');
    }
    const known = await prisma.patient.findUnique({ where: { clinicId: input.patient.clinicId } });
    if (known && (known.givenName !== input.patient.givenName || known.familyName !== input.patient.familyName)) {
      return fail(
        409,
        'patient-mismatch',
        `patient.clinicId: ${input.patient.clinicId} belongs to another patient's record`,
        'patient.clinicId',
      );
    }
    const doseMgPerKg = input.doseMgPerKg ?? PRESCRIPTION_LIMITS.doseMgPerKg.default;
    const durationS = (input.plannedMinutes ?? PRESCRIPTION_LIMITS.plannedMinutes.default) * 60;
    const doseMg = plannedDoseMg(input.weightKg, doseMgPerKg);
    const previous = known ? await prisma.infusionSession.count({ where: { patientId: known.id, ...INFUSED } }) : 0;
    const now = new Date(clock());
    const session = await prisma.$transaction(async (tx) => {
      const created = await tx.infusionSession.create({
        data: {
          chair: { connect: { id: input.chairId } },
          patient: known ? { connect: { id: known.id } } : { create: { ...input.patient, birthDate: input.patient.birthDate ?? null } },
          phase: 'pre-infusion',
          weightKg: input.weightKg,
          doseMgPerKg,
          plannedDoseMg: doseMg,
          plannedDurationS: durationS,
          rateMgPerH: rateMgPerH(doseMg, durationS),
          seriesNumber: input.seriesNumber ?? previous + 1,
          prescriber: input.prescriber ?? null,
          notes: input.notes ?? null,
          startedAt: now,
          createdById: actor.userId,
          events: { create: { kind: 'phase', toPhase: 'pre-infusion', at: now, byUserId: actor.userId, byName: actor.name } },
        },
        include: sessionInclude,
      });
      await recordAudit(tx, actor, { action: 'session.start', entity: 'session', entityId: created.id, after: toDetail(created) });
      return created;
    });
    publish(session, 'session:started');
    return ok(toDetail(session));
  }

  /** Loads an active session for a change; the change itself runs in one transaction with its
   * audit entry, then is published. */
  async function change(
    sessionId: string,
    actor: Actor,
    action: string,
    decide: (
      session: SessionWithHistory,
    ) => Promise<Result<{ data: Prisma.InfusionSessionUpdateInput; event?: 'session:ended'; audit?: unknown }>>,
  ): Promise<Result<SessionSummary>> {
    const session = await prisma.infusionSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
    if (!session) return unknownSession(sessionId);
    if (!isActive(session.phase)) return fail(409, 'session-closed', `the session is closed (${session.phase})`, 'id');
    const decision = await decide(session);
    if (!decision.ok) return decision;
    const updated = await prisma.$transaction(async (tx) => {
      const row = await tx.infusionSession.update({ where: { id: sessionId }, data: decision.data.data, include: sessionInclude });
      await recordAudit(tx, actor, {
        action,
        entity: 'session',
        entityId: sessionId,
        before: { phase: session.phase },
        after: decision.data.audit,
      });
      return row;
    });
    return ok(publish(updated, decision.data.event ?? 'session:updated'));
  }

  /** A moment for an event: now, or back-timed, never before the last recorded change. */
  function eventTime(session: SessionWithHistory, at: string | undefined): Result<Date> {
    const now = clock();
    const when = at ? Date.parse(at) : now;
    if (when > now + MAX_CLOCK_SKEW_MS) return fail(400, 'invalid-time', 'at is in the future', 'at');
    const last = session.events.at(-1)?.at.getTime() ?? session.startedAt.getTime();
    if (when < last) return fail(400, 'invalid-time', `at is before the session's last change (${new Date(last).toISOString()})`, 'at');
    return ok(new Date(when));
  }

  const preScores = (sessionId: string, input: PreScoresInput, actor: Actor) =>
    change(sessionId, actor, 'session.pre-scores', async (session) =>
      session.phase === 'pre-infusion'
        ? ok({ data: { painBefore: input.painBefore, sedationBefore: input.sedationBefore }, audit: input })
        : fail(409, 'wrong-phase', `pre-infusion scores are recorded before the infusion (the session is ${session.phase})`, 'id'),
    );

  const transition = (sessionId: string, input: TransitionInput, actor: Actor) =>
    change(sessionId, actor, `session.${input.to === 'aborted' ? 'abort' : input.to}`, async (session) => {
      const from = session.phase as Phase;
      const refusal = transitionRefusal(from, input.to);
      if (refusal) return fail(409, 'illegal-transition', refusal, 'to');
      if (input.to === 'aborted' && !input.reason) return fail(400, 'reason-required', 'reason: say why the session is aborted', 'reason');
      const at = eventTime(session, input.at);
      if (!at.ok) return at;
      const data: Prisma.InfusionSessionUpdateInput = {
        phase: input.to,
        events: {
          create: {
            kind: 'phase',
            fromPhase: from,
            toPhase: input.to,
            at: at.data,
            reason: input.reason ?? null,
            byUserId: actor.userId,
            byName: actor.name,
          },
        },
      };
      if (input.to === 'aborted')
        return ok({ data: { ...data, endedAt: at.data, abortReason: input.reason }, event: 'session:ended', audit: input });
      if (from === 'pre-infusion' && input.to === 'infusing') {
        if (session.painBefore === null || session.sedationBefore === null) {
          return fail(409, 'baseline-missing', 'record the pre-infusion scores (pain, MOAA/S) before starting the infusion', 'to');
        }
        const baseline = await baselineOf(sessionId);
        if (baseline.baselineSbp === null || baseline.baselineDbp === null) {
          return fail(409, 'baseline-missing', 'record a baseline blood pressure before starting the infusion', 'to');
        }
        return ok({ data: { ...data, ...baseline }, audit: { ...input, baseline } });
      }
      return ok({ data, audit: input });
    });

  const changeRate = (sessionId: string, input: RateChangeInput, actor: Actor) =>
    change(sessionId, actor, 'session.rate', async (session) => {
      if (session.phase !== 'infusing' && session.phase !== 'paused') {
        return fail(409, 'wrong-phase', `the rate is changed during the infusion (the session is ${session.phase})`, 'rateMgPerH');
      }
      const at = eventTime(session, input.at);
      if (!at.ok) return at;
      return ok({
        data: {
          rateMgPerH: input.rateMgPerH,
          events: {
            create: { kind: 'rate', rateMgPerH: input.rateMgPerH, reason: input.reason, at: at.data, byUserId: actor.userId, byName: actor.name },
          },
        },
        audit: { from: session.rateMgPerH, ...input },
      });
    });

  const discharge = (sessionId: string, input: DischargeInput, actor: Actor) =>
    change(sessionId, actor, 'session.discharge', async (session) => {
      const refusal = transitionRefusal(session.phase as Phase, 'discharged');
      if (refusal) return fail(409, 'illegal-transition', refusal, 'id');
      const assessment = assessDischarge(input.scale, input.scores);
      if ('invalid' in assessment)
        return fail(
          400,
          'invalid-score',
          `scores.${assessment.invalid}: each ${input.scale} item is scored 0, 1 or 2`,
          `scores.${assessment.invalid}`,
        );
      if (!assessment.ready && !input.override) {
        return fail(
          400,
          'below-threshold',
          `override: the score is ${assessment.total} (ready at ${DISCHARGE_READY_AT}); give a reason to discharge anyway`,
          'override',
        );
      }
      const at = new Date(clock());
      return ok({
        data: {
          phase: 'discharged',
          endedAt: at,
          dischargeScale: input.scale,
          dischargeScore: assessment.total,
          dischargeOverride: assessment.ready ? null : input.override,
          dischargeNote: input.note ?? null,
          painAfter: input.painAfter ?? null,
          events: {
            create: {
              kind: 'phase',
              fromPhase: session.phase,
              toPhase: 'discharged',
              at,
              reason: input.override ?? null,
              byUserId: actor.userId,
              byName: actor.name,
            },
          },
        },
        event: 'session:ended',
        audit: { ...input, total: assessment.total },
      });
    });

  /** A nurse's limits for this patient; each edit replaces the last and must keep the limits in order. */
  const setAlarmLimits = (sessionId: string, input: SessionAlarmLimitsInput, actor: Actor) =>
    change(sessionId, actor, 'session.alarm-limits', async (session) => {
      const disorder = checkLimitOrder(effectiveLimits(clinicLimits(), input.limits));
      if (disorder) return fail(400, 'limits-out-of-order', disorder.message, disorder.field);
      const empty = Object.keys(input.limits).length === 0;
      return ok({
        data: { alarmLimits: empty ? null : JSON.stringify(input.limits) },
        audit: { from: session.alarmLimits ? JSON.parse(session.alarmLimits) : {}, ...input },
      });
    });

  /** The last value of each vital recorded in the session so far: its baseline when the infusion starts. */
  async function baselineOf(sessionId: string) {
    const values = {} as Record<(typeof BASELINE_COLUMNS)[keyof typeof BASELINE_COLUMNS], number | null>;
    for (const [vital, column] of Object.entries(BASELINE_COLUMNS) as [
      keyof typeof BASELINE_COLUMNS,
      (typeof BASELINE_COLUMNS)[keyof typeof BASELINE_COLUMNS],
    ][]) {
      const row = await prisma.vitalSample.findFirst({
        where: { sessionId, [vital]: { not: null } },
        orderBy: { recordedAt: 'desc' },
        select: { [vital]: true },
      });
      values[column] = (row as Record<string, number | null> | null)?.[vital] ?? null;
    }
    return values;
  }

  async function get(sessionId: string): Promise<Result<SessionDetail>> {
    const session = await prisma.infusionSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
    return session ? ok(toDetail(session)) : unknownSession(sessionId);
  }

  /** What `read` gives, once the session is known to exist. */
  async function fromSession<T>(sessionId: string, read: () => T): Promise<Result<T>> {
    const exists = await prisma.infusionSession.count({ where: { id: sessionId } });
    return exists ? ok(read()) : unknownSession(sessionId);
  }

  /** The session's samples in archive order after `since` (a seq): a whole trend, or a backfill. */
  const vitals = (sessionId: string, since = 0, limit = MAX_SAMPLES_PER_READ): Promise<Result<VitalSample[]>> =>
    fromSession(sessionId, () => archive.readSession(sessionId, since, limit));

  /** The same samples as columns, for drawing a whole session's trends. */
  const trend = (sessionId: string, since = 0, limit = MAX_SAMPLES_PER_READ): Promise<Result<TrendColumns>> =>
    fromSession(sessionId, () => archive.readTrend(sessionId, since, limit));

  /** Every sample of the session as CSV; an export of patient data goes on the audit trail. */
  async function exportSamples(sessionId: string, actor: Actor): Promise<Result<string>> {
    const samples = await vitals(sessionId, 0, Number.MAX_SAFE_INTEGER);
    if (!samples.ok) return samples;
    await recordAudit(prisma, actor, {
      action: 'session.export',
      entity: 'session',
      entityId: sessionId,
      after: { format: 'csv', samples: samples.data.length },
    });
    return ok(samplesCsv(samples.data));
  }

  /** The session as a FHIR R4 Bundle (clinical reference §7); on the audit trail like any export. */
  async function exportFhir(sessionId: string, actor: Actor): Promise<Result<Bundle>> {
    const session = await get(sessionId);
    if (!session.ok) return session;
    const samples = await vitals(sessionId, 0, Number.MAX_SAFE_INTEGER);
    if (!samples.ok) return samples;
    const bundle = sessionBundle(
      { session: session.data, samples: samples.data, observations: await listObservations(prisma, sessionId) },
      clock(),
    );
    await recordAudit(prisma, actor, {
      action: 'session.export',
      entity: 'session',
      entityId: sessionId,
      after: { format: 'fhir', resources: bundle.entry?.length ?? 0 },
    });
    return ok(bundle);
  }

  /** Patients whose name or clinic id contains the text, with what the start form pre-fills. */
  async function findPatients(text: string) {
    const patients = await prisma.patient.findMany({
      where: { OR: [{ clinicId: { contains: text } }, { givenName: { contains: text } }, { familyName: { contains: text } }] },
      include: { sessions: { where: INFUSED, orderBy: { startedAt: 'desc' }, select: { weightKg: true } } },
      orderBy: { familyName: 'asc' },
      take: 20,
    });
    return patients.map(({ sessions, createdAt: _createdAt, ...patient }) => ({
      ...patient,
      sessionCount: sessions.length,
      lastWeightKg: sessions[0]?.weightKg ?? null,
    }));
  }

  return {
    start,
    preScores,
    transition,
    changeRate,
    discharge,
    setAlarmLimits,
    get,
    vitals,
    trend,
    exportSamples,
    exportFhir,
    findPatients,
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
