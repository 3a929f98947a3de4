import { initials, type Phase, type SessionDetail, type SessionSummary } from '../contract/sessions.ts';
import type { AlarmLimitOverrides } from '../contract/alarms.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const sessionInclude = { patient: true, events: { orderBy: { at: 'asc' } } } satisfies Prisma.InfusionSessionInclude;
export type SessionWithHistory = Prisma.InfusionSessionGetPayload<{ include: typeof sessionInclude }>;

const BASELINE = {
  hr: 'baselineHr',
  sbp: 'baselineSbp',
  dbp: 'baselineDbp',
  map: 'baselineMap',
  spo2: 'baselineSpo2',
  rr: 'baselineRr',
  etco2: 'baselineEtco2',
} as const;
export const BASELINE_COLUMNS = BASELINE;

export function toSummary(s: SessionWithHistory): SessionSummary {
  const baseline: SessionSummary['baseline'] = {};
  for (const [vital, column] of Object.entries(BASELINE) as [keyof typeof BASELINE, (typeof BASELINE)[keyof typeof BASELINE]][]) {
    const value = s[column];
    if (value !== null) baseline[vital] = value;
  }
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
    pumpEvents: s.events.map((e) =>
      e.kind === 'rate' ? { at: e.at.toISOString(), rateMgPerH: e.rateMgPerH! } : { at: e.at.toISOString(), phase: e.toPhase as Phase },
    ),
    painBefore: s.painBefore,
    sedationBefore: s.sedationBefore,
    baseline,
    alarmLimits: s.alarmLimits ? (JSON.parse(s.alarmLimits) as AlarmLimitOverrides) : {},
  };
}

export function toDetail(s: SessionWithHistory): SessionDetail {
  const { id, clinicId, givenName, familyName, birthDate } = s.patient;
  return {
    ...toSummary(s),
    patient: { id, clinicId, givenName, familyName, birthDate },
    prescriber: s.prescriber,
    notes: s.notes,
    history: s.events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind as 'phase' | 'rate',
      fromPhase: (e.fromPhase as Phase | null) ?? null,
      toPhase: (e.toPhase as Phase | null) ?? null,
      rateMgPerH: e.rateMgPerH,
      reason: e.reason,
      byName: e.byName,
    })),
    discharge:
      s.dischargeScale && s.dischargeScore !== null
        ? { scale: s.dischargeScale, score: s.dischargeScore, override: s.dischargeOverride, painAfter: s.painAfter }
        : null,
    abortReason: s.abortReason,
  };
}
