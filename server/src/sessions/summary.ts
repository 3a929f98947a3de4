import { initials, type Phase, type SessionDetail, type SessionSummary } from '../contract/sessions.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const sessionInclude = { patient: true } satisfies Prisma.InfusionSessionInclude;
type SessionWithPatient = Prisma.InfusionSessionGetPayload<{ include: typeof sessionInclude }>;

export function toSummary(s: SessionWithPatient): SessionSummary {
  return {
    id: s.id,
    chairId: s.chairId,
    patientInitials: initials(s.patient.givenName, s.patient.familyName),
    phase: s.phase as Phase,
    seriesNumber: s.seriesNumber,
    seriesLength: s.seriesLength,
    weightKg: s.weightKg,
    doseMgPerKg: s.doseMgPerKg,
    plannedDoseMg: s.plannedDoseMg,
    plannedDurationS: s.plannedDurationS,
    rateMgPerH: s.rateMgPerH,
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
  };
}

export function toDetail(s: SessionWithPatient): SessionDetail {
  const { id, clinicId, givenName, familyName, birthDate } = s.patient;
  return {
    ...toSummary(s),
    patient: { id, clinicId, givenName, familyName, birthDate },
    prescriber: s.prescriber,
    notes: s.notes,
  };
}
