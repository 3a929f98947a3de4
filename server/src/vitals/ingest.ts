import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  checkVitalSample,
  deriveMap,
  MAX_SAMPLES_PER_BATCH,
  VITAL_KEYS,
  VitalBatchInput,
  VitalSampleInput,
  type SampleSource,
  type VitalSample,
} from '../contract/vitals.ts';
import type { LiveBoard } from '../chairs/live.ts';
import { actorOf, type Actor, type Caller } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { storageFault, type ArchiveHealth } from '../plugins/errors.ts';
import { compileStrict, fieldIssue } from '../plugins/validation.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';
import type { ArchiveRow, VitalsArchive } from './archive.ts';

const validSample = compileStrict<VitalSampleInput>(VitalSampleInput);
const validBatch = compileStrict<{ samples: VitalSampleInput[] }>(VitalBatchInput);

/** A body is one sample or `{ samples: [...] }`; every sample is checked before any is stored. */
export function parseVitalsBody(body: unknown, now = Date.now()): Result<VitalSampleInput[]> {
  const isBatch = typeof body === 'object' && body !== null && 'samples' in body;
  if (isBatch && Array.isArray(body.samples) && body.samples.length > MAX_SAMPLES_PER_BATCH) {
    return fail(413, 'too-many-samples', `samples: at most ${MAX_SAMPLES_PER_BATCH} samples per request`, 'samples');
  }
  const valid = isBatch ? validBatch : validSample;
  if (!valid(body)) {
    const issue = fieldIssue(valid.errors);
    return fail(400, 'invalid-sample', issue.message, issue.field);
  }
  const samples = isBatch ? (body as { samples: VitalSampleInput[] }).samples : [body as VitalSampleInput];
  for (const [i, sample] of samples.entries()) {
    const issue = checkVitalSample(sample, now, isBatch ? `samples[${i}].` : '');
    if (issue) return fail(400, 'invalid-sample', issue.message, issue.field);
  }
  return ok(samples);
}

export interface Recorder {
  /** Source when the sample does not say (a machine: monitor; a nurse: manual). */
  source: SampleSource;
  enteredBy: string | null;
  /** A person's entries go on the audit trail; a monitor's stream is attributed by its rows. */
  auditAs: Actor | null;
}

export function recorderOf(caller: Caller, ip: string | null): Recorder {
  return caller.kind === 'user'
    ? { source: 'manual', enteredBy: caller.user.displayName, auditAs: actorOf(caller, ip) }
    : { source: 'monitor', enteredBy: null, auditAs: null };
}

export interface VitalsIngestDeps {
  live: LiveBoard;
  archive: VitalsArchive;
  prisma: PrismaClient;
  log: FastifyBaseLogger;
  /** A device's sample was refused: the device gets the error, the nurses a technical alarm. */
  refused: (chairId: number, refusal: Failure, body: unknown) => void;
  health: ArchiveHealth;
  now: () => number;
}

const NOT_STORED: Failure = {
  status: 503,
  code: 'archive-unavailable',
  message:
    'Nothing was saved: the archive could not store the samples. Try again in a moment; if this keeps happening, call the administrator.',
};
const UNAUDITED = (cause: string) =>
  `The vitals were saved, but the archive could not record who entered them (${cause}). Save the same entry again in a moment to complete it.`;

/** Validates, assigns to the chair's active session and archives; answers after the commit. */
export function createVitalsIngest({ live, archive, prisma, log, refused, health, now }: VitalsIngestDeps) {
  return async function recordVitals(chairId: number, body: unknown, recorder: Recorder): Promise<Result<VitalSample[]>> {
    const chair = live.chair(chairId);
    if (!chair) return fail(404, 'unknown-chair', `chairId: there is no chair ${chairId}`, 'chairId');
    const receivedAt = now();
    const parsed = parseVitalsBody(body, receivedAt);
    if (!parsed.ok) {
      // A person sees the refusal on the keypad; a machine's goes unseen unless it alarms.
      if (!recorder.auditAs) refused(chairId, parsed.error, body);
      return parsed;
    }
    const sessionId = chair.activeSession?.id ?? null;
    const rows: ArchiveRow[] = parsed.data.map((sample) => {
      const values: ArchiveRow['values'] = {};
      for (const key of VITAL_KEYS) if (sample[key] !== undefined) values[key] = sample[key];
      if (values.map === undefined && values.sbp !== undefined && values.dbp !== undefined) values.map = deriveMap(values.sbp, values.dbp);
      return {
        clientId: sample.id ?? randomUUID(),
        chairId,
        sessionId,
        recordedAt: Date.parse(sample.recordedAt),
        receivedAt,
        // A person's entries are manual whatever the body says; a machine may say what it is.
        source: recorder.auditAs ? recorder.source : (sample.source ?? recorder.source),
        enteredBy: recorder.enteredBy,
        values,
      };
    });
    let stored: VitalSample[];
    try {
      stored = await archive.write(rows);
    } catch (error) {
      // A writer's rows commit together or not at all: whatever the failure, none of them is stored.
      const fault = storageFault(error);
      if (!fault) log.error({ err: error, chairId }, 'archive write failed');
      return { ok: false, error: fault ? health.refused(fault, error, log) : NOT_STORED };
    }
    if (recorder.auditAs) {
      try {
        await recordAudit(prisma, recorder.auditAs, { action: 'vitals.record', entity: 'chair', entityId: String(chairId), after: stored });
      } catch (error) {
        // The samples are committed (and on the board) but not yet on the audit trail: the same
        // entry sent again is not stored twice (its ids) and is audited then.
        const fault = storageFault(error);
        if (!fault) throw error;
        return { ok: false, error: health.refused(fault, error, log, UNAUDITED) };
      }
    }
    health.stored(log);
    return ok(stored);
  };
}
export type RecordVitals = ReturnType<typeof createVitalsIngest>;
