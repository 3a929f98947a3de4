import type { SessionDetail, SessionStartInput, SessionSummary } from '../contract/sessions.ts';
import { ACTIVE_PHASES, PRESCRIPTION_LIMITS } from '../contract/sessions.ts';
import type { VitalSample } from '../contract/vitals.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { LiveBoard } from '../chairs/live.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import { plannedDoseMg, rateMgPerH } from '../clinical/dose.ts';
import { fromRow } from '../vitals/archive.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import { samplesCsv } from '../export/csv.ts';
import { sessionInclude, toDetail, toSummary } from './summary.ts';

/** Largest page of samples one read returns. */
export const MAX_SAMPLES_PER_READ = 20_000;

export function createSessionService(prisma: PrismaClient, live: LiveBoard, broadcaster: Broadcaster) {
  async function start(input: SessionStartInput, actor: Actor): Promise<Result<SessionDetail>> {
    const chair = live.chair(input.chairId);
    if (!chair) return fail(404, 'unknown-chair', `chairId: there is no chair ${input.chairId}`, 'chairId');
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
    const previous = known ? await prisma.infusionSession.count({ where: { patientId: known.id, phase: { not: 'aborted' } } }) : 0;
    const now = new Date();
    // Until the nurse workflow (issue #4) records baseline vitals first, a session starts infusing.
    const session = await prisma.$transaction(async (tx) => {
      const created = await tx.infusionSession.create({
        data: {
          chair: { connect: { id: input.chairId } },
          patient: known ? { connect: { id: known.id } } : { create: { ...input.patient, birthDate: input.patient.birthDate ?? null } },
          phase: 'infusing',
          weightKg: input.weightKg,
          doseMgPerKg,
          plannedDoseMg: doseMg,
          plannedDurationS: durationS,
          rateMgPerH: rateMgPerH(doseMg, durationS),
          seriesNumber: previous + 1,
          prescriber: input.prescriber ?? null,
          notes: input.notes ?? null,
          startedAt: now,
          createdById: actor.userId,
          events: { create: { kind: 'phase', toPhase: 'infusing', at: now, byUserId: actor.userId, byName: actor.name } },
        },
        include: sessionInclude,
      });
      await recordAudit(tx, actor, { action: 'session.start', entity: 'session', entityId: created.id, after: toDetail(created) });
      return created;
    });
    const summary = toSummary(session);
    live.setSession(input.chairId, summary);
    broadcaster.session('session:started', summary);
    return ok(toDetail(session));
  }

  async function end(sessionId: string, actor: Actor): Promise<Result<SessionSummary>> {
    const current = await prisma.infusionSession.findUnique({ where: { id: sessionId } });
    if (!current) return fail(404, 'unknown-session', `id: there is no session ${sessionId}`, 'id');
    if (!ACTIVE_PHASES.includes(current.phase as never)) {
      return fail(409, 'session-closed', `the session is already ${current.phase}`, 'id');
    }
    const now = new Date();
    const session = await prisma.$transaction(async (tx) => {
      const updated = await tx.infusionSession.update({
        where: { id: sessionId },
        data: {
          phase: 'discharged',
          endedAt: now,
          events: {
            create: { kind: 'phase', fromPhase: current.phase, toPhase: 'discharged', at: now, byUserId: actor.userId, byName: actor.name },
          },
        },
        include: sessionInclude,
      });
      await recordAudit(tx, actor, {
        action: 'session.end',
        entity: 'session',
        entityId: sessionId,
        before: { phase: current.phase },
        after: { phase: 'discharged' },
      });
      return updated;
    });
    const summary = toSummary(session);
    live.setSession(session.chairId, null);
    broadcaster.session('session:ended', summary);
    return ok(summary);
  }

  async function get(sessionId: string): Promise<Result<SessionDetail>> {
    const session = await prisma.infusionSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
    return session ? ok(toDetail(session)) : fail(404, 'unknown-session', `id: there is no session ${sessionId}`, 'id');
  }

  /** The session's samples in archive order after `since` (a seq): a whole trend, or a backfill. */
  async function vitals(sessionId: string, since = 0, limit = MAX_SAMPLES_PER_READ): Promise<Result<VitalSample[]>> {
    const exists = await prisma.infusionSession.count({ where: { id: sessionId } });
    if (!exists) return fail(404, 'unknown-session', `id: there is no session ${sessionId}`, 'id');
    const rows = await prisma.vitalSample.findMany({ where: { sessionId, seq: { gt: since } }, orderBy: { seq: 'asc' }, take: limit });
    return ok(rows.map(fromRow));
  }

  /** Every sample of the session as CSV; an export of patient data goes on the audit trail. */
  async function exportSamples(sessionId: string, actor: Actor): Promise<Result<string>> {
    const samples = await vitals(sessionId, 0, Number.MAX_SAFE_INTEGER);
    if (!samples.ok) return samples;
    await recordAudit(prisma, actor, { action: 'session.export', entity: 'session', entityId: sessionId, after: { format: 'csv', samples: samples.data.length } });
    return ok(samplesCsv(samples.data));
  }

  return { start, end, get, vitals, exportSamples };
}
export type SessionService = ReturnType<typeof createSessionService>;
