import { MAX_CLOCK_SKEW_MS } from '../contract/vitals.ts';
import { ACTIVE_PHASES, type Phase } from '../contract/sessions.ts';
import {
  consciousnessOf,
  latestSideEffect,
  type Consciousness,
  type AmendInput,
  type LatestSideEffect,
  type Observation,
  type ObservationInput,
  type SideEffect,
} from '../contract/observations.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';

type Row = Awaited<ReturnType<PrismaClient['sideEffectObservation']['findUniqueOrThrow']>> & {
  interventions: { kind: string; detail: string | null }[];
  amendments: { id: string }[];
};
const include = { interventions: true, amendments: { select: { id: true } } } as const;

function toObservation(row: Row, intervention: Row['interventions'][number] | undefined): Observation {
  return {
    id: row.id,
    clientId: row.clientId,
    sessionId: row.sessionId,
    kind: row.kind as SideEffect,
    severity: row.severity,
    sedationScore: row.sedationScore,
    detail: row.detail,
    note: row.note,
    intervention: intervention ? { kind: intervention.kind, detail: intervention.detail } : null,
    observedAt: row.observedAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    byName: row.byName,
    amendsId: row.amendsId,
    amendReason: row.amendReason,
    struck: row.struck,
    supersededById: row.amendments[0]?.id ?? null,
  };
}

/** What a complete entry needs beyond its schema: a MOAA/S score for sedation, words for "other",
 * and a time that is neither in the future nor before the session began. */
function checkEntry(
  entry: { kind: string; sedationScore?: number | null; detail?: string | null; observedAt: number },
  startedAt: Date,
  now: number,
): Failure | null {
  if (entry.kind === 'sedation' && (entry.sedationScore === undefined || entry.sedationScore === null)) {
    return {
      status: 400,
      code: 'invalid-observation',
      message: 'sedationScore: sedation needs a MOAA/S score (0–5)',
      field: 'sedationScore',
    };
  }
  if (entry.kind === 'other' && !entry.detail)
    return { status: 400, code: 'invalid-observation', message: 'detail: say what "other" was', field: 'detail' };
  if (entry.observedAt > now + MAX_CLOCK_SKEW_MS)
    return { status: 400, code: 'invalid-observation', message: 'observedAt is in the future', field: 'observedAt' };
  if (entry.observedAt < startedAt.getTime()) {
    return { status: 400, code: 'invalid-observation', message: 'observedAt is before the session started', field: 'observedAt' };
  }
  return null;
}

const isOpen = (phase: string) => ACTIVE_PHASES.includes(phase as Phase);

/** Every version of every entry of a session, oldest first. */
export async function listObservations(prisma: PrismaClient, sessionId: string): Promise<Observation[]> {
  const rows = (await prisma.sideEffectObservation.findMany({ where: { sessionId }, include, orderBy: { recordedAt: 'asc' } })) as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A version shows its own intervention, else the one of the version it corrects.
  const interventionOf = (row: Row): Row['interventions'][number] | undefined =>
    row.interventions[0] ?? (row.amendsId && byId.has(row.amendsId) ? interventionOf(byId.get(row.amendsId)!) : undefined);
  return rows.map((row) => toObservation(row, interventionOf(row)));
}

export interface ObservationChange {
  event: 'observation:recorded' | 'observation:amended';
  chairId: number;
  observation: Observation;
  /** The session's side effect to show on the board now. */
  latest: LatestSideEffect;
  consciousness: Consciousness;
}

/** `now` is the clinic's clock (a seeder replaying past sessions gives its own). */
export function createObservationService(
  prisma: PrismaClient,
  onChange: (change: ObservationChange) => void,
  now: () => number = Date.now,
) {
  const list = (sessionId: string) => listObservations(prisma, sessionId);

  async function record(sessionId: string, input: ObservationInput, actor: Actor): Promise<Result<Observation>> {
    const session = await prisma.infusionSession.findUnique({ where: { id: sessionId } });
    if (!session) return fail(404, 'unknown-session', `id: there is no session ${sessionId}`, 'id');
    const repeat = await prisma.sideEffectObservation.findUnique({ where: { clientId: input.id }, include });
    if (repeat)
      return repeat.sessionId === sessionId
        ? ok(toObservation(repeat as Row, (repeat as Row).interventions[0]))
        : fail(409, 'id-taken', 'id: already used for another entry', 'id');
    if (!isOpen(session.phase))
      return fail(409, 'session-closed', `the session is ${session.phase}; a supervisor amends closed records`, 'id');
    const at = now();
    const observedAt = input.observedAt ? Date.parse(input.observedAt) : at;
    const problem = checkEntry({ ...input, observedAt }, session.startedAt, at);
    if (problem) return { ok: false, error: problem };
    const row = (await prisma.$transaction(async (tx) => {
      const created = await tx.sideEffectObservation.create({
        data: {
          clientId: input.id,
          sessionId,
          kind: input.kind,
          severity: input.severity,
          sedationScore: input.sedationScore ?? null,
          detail: input.detail ?? null,
          note: input.note ?? null,
          observedAt: new Date(observedAt),
          recordedAt: new Date(at),
          byUserId: actor.userId,
          byName: actor.name,
          ...(input.intervention
            ? {
                interventions: {
                  create: {
                    sessionId,
                    kind: input.intervention.kind,
                    detail: input.intervention.detail ?? null,
                    givenAt: new Date(observedAt),
                    byUserId: actor.userId,
                    byName: actor.name,
                  },
                },
              }
            : {}),
        },
        include,
      });
      await recordAudit(tx, actor, { action: 'observation.record', entity: 'observation', entityId: created.id, after: input });
      return created;
    })) as Row;
    const observation = toObservation(row, row.interventions[0]);
    const all = await list(sessionId);
    onChange({
      event: 'observation:recorded',
      chairId: session.chairId,
      observation,
      latest: latestSideEffect(all),
      consciousness: consciousnessOf(all),
    });
    return ok(observation);
  }

  /** A correction or a strike-through: a new version; the one it replaces stays on record. A nurse
   * corrects an open session; a closed one only a supervisor. */
  async function amend(id: string, input: AmendInput, actor: Actor): Promise<Result<Observation>> {
    const current = (await prisma.sideEffectObservation.findUnique({ where: { id }, include: { ...include, session: true } })) as
      (Row & { session: { phase: string; startedAt: Date; chairId: number } }) | null;
    if (!current) return fail(404, 'unknown-observation', `id: there is no entry ${id}`, 'id');
    if (current.amendments.length > 0)
      return fail(
        409,
        'superseded',
        `id: this entry was already corrected; correct the latest version (${current.amendments[0].id})`,
        'id',
      );
    if (!isOpen(current.session.phase) && actor.role !== 'supervisor') {
      return fail(
        403,
        'session-closed',
        `the session is ${current.session.phase}; only a supervisor amends a closed record`,
        'authorization',
      );
    }
    const observedAt = input.observedAt ? Date.parse(input.observedAt) : current.observedAt.getTime();
    const next = {
      kind: current.kind,
      severity: input.severity ?? current.severity,
      sedationScore: input.sedationScore ?? current.sedationScore,
      detail: input.detail ?? current.detail,
      note: input.note ?? current.note,
      observedAt,
    };
    const at = now();
    const problem = checkEntry(next, current.session.startedAt, at);
    if (problem) return { ok: false, error: problem };
    const row = (await prisma.$transaction(async (tx) => {
      const created = await tx.sideEffectObservation.create({
        data: {
          ...next,
          clientId: `${current.clientId}#${at}`,
          sessionId: current.sessionId,
          observedAt: new Date(observedAt),
          recordedAt: new Date(at),
          byUserId: actor.userId,
          byName: actor.name,
          amendsId: current.id,
          amendReason: input.reason,
          struck: input.struck ?? false,
          ...(input.intervention
            ? {
                interventions: {
                  create: {
                    sessionId: current.sessionId,
                    kind: input.intervention.kind,
                    detail: input.intervention.detail ?? null,
                    givenAt: new Date(at),
                    byUserId: actor.userId,
                    byName: actor.name,
                  },
                },
              }
            : {}),
        },
        include,
      });
      await recordAudit(tx, actor, {
        action: input.struck ? 'observation.strike' : 'observation.amend',
        entity: 'observation',
        entityId: current.id,
        before: toObservation(current, undefined),
        after: { ...next, struck: input.struck ?? false, reason: input.reason, intervention: input.intervention },
      });
      return created;
    })) as Row;
    const all = await list(current.sessionId);
    const observation = all.find((o) => o.id === row.id)!;
    onChange({
      event: 'observation:amended',
      chairId: current.session.chairId,
      observation,
      latest: latestSideEffect(all),
      consciousness: consciousnessOf(all),
    });
    return ok(observation);
  }

  return { list, record, amend };
}
export type ObservationService = ReturnType<typeof createObservationService>;
