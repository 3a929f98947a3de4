import { Type, type Static } from '@sinclair/typebox';
import { AlarmLimitOverrides } from './alarms.ts';

/** Phases of a session (clinical reference §2, docs/clinical.md). */
export const PHASES = ['scheduled', 'pre-infusion', 'infusing', 'paused', 'recovery', 'discharged', 'aborted'] as const;
export type Phase = (typeof PHASES)[number];
export const ACTIVE_PHASES: readonly Phase[] = ['pre-infusion', 'infusing', 'paused', 'recovery'];

/** Prescription limits accepted at session start (issue #4: weight 0–400 kg, dose 0.05–2 mg/kg). */
export const PRESCRIPTION_LIMITS = {
  weightKg: { exclusiveMinimum: 0, maximum: 400 },
  doseMgPerKg: { minimum: 0.05, maximum: 2, default: 0.5 }, // typical 0.5, clinics use 0.5–1.0 (§1)
  plannedMinutes: { minimum: 5, maximum: 240, default: 40 }, // typical 40–60 min (§1)
  seriesLength: 6, // induction series of six infusions (§1)
} as const;

export const PatientInput = Type.Object(
  {
    clinicId: Type.String({ minLength: 1, maxLength: 40, description: 'MRN or clinic patient number' }),
    givenName: Type.String({ minLength: 1, maxLength: 80 }),
    familyName: Type.String({ minLength: 1, maxLength: 80 }),
    birthDate: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

export const SessionStartInput = Type.Object(
  {
    chairId: Type.Integer({ minimum: 1 }),
    patient: PatientInput,
    weightKg: Type.Number({ ...PRESCRIPTION_LIMITS.weightKg, description: 'Body weight (kg)' }),
    doseMgPerKg: Type.Optional(Type.Number({ ...PRESCRIPTION_LIMITS.doseMgPerKg, description: 'Prescribed ketamine dose (mg/kg)' })),
    plannedMinutes: Type.Optional(Type.Integer({ ...PRESCRIPTION_LIMITS.plannedMinutes, description: 'Planned infusion duration (min)' })),
    seriesNumber: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 99, description: 'default: one more than the patient’s earlier sessions' }),
    ),
    prescriber: Type.Optional(Type.String({ maxLength: 120 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SessionStartInput = Static<typeof SessionStartInput>;

/** Pre-infusion scores (clinical reference §6): pain NRS 0–10 and MOAA/S 0–5. */
export const PreScoresInput = Type.Object(
  {
    painBefore: Type.Integer({ minimum: 0, maximum: 10 }),
    sedationBefore: Type.Integer({ minimum: 0, maximum: 5, description: 'MOAA/S' }),
  },
  { additionalProperties: false },
);
export type PreScoresInput = Static<typeof PreScoresInput>;

/** A move of the session (discharge has its own request, with its scores). */
/** When a pump change happened, if not now: never before the session's last change nor in the future. */
const BackTimedAt = Type.Optional(Type.String({ format: 'date-time', description: 'back-timing; default now' }));

export const TransitionInput = Type.Object(
  {
    to: Type.Union([Type.Literal('infusing'), Type.Literal('paused'), Type.Literal('recovery'), Type.Literal('aborted')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'required to abort' })),
    at: BackTimedAt,
  },
  { additionalProperties: false },
);
export type TransitionInput = Static<typeof TransitionInput>;

export const RateChangeInput = Type.Object(
  {
    rateMgPerH: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    at: BackTimedAt,
  },
  { additionalProperties: false },
);
export type RateChangeInput = Static<typeof RateChangeInput>;

export const DischargeInput = Type.Object(
  {
    scale: Type.Union([Type.Literal('aldrete'), Type.Literal('padss')]),
    scores: Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0, maximum: 2 })),
    painAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    override: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'why the patient leaves below the threshold (required then)' }),
    ),
  },
  { additionalProperties: false },
);
export type DischargeInput = Static<typeof DischargeInput>;

const PhaseSchema = Type.Union(PHASES.map((p) => Type.Literal(p)));

/** What the board may show of a session: initials only (minimum necessary display). */
export const SessionSummary = Type.Object({
  id: Type.String(),
  chairId: Type.Integer(),
  patientInitials: Type.String(),
  phase: PhaseSchema,
  seriesNumber: Type.Integer(),
  seriesLength: Type.Integer(),
  weightKg: Type.Number(),
  doseMgPerKg: Type.Number(),
  plannedDoseMg: Type.Number(),
  plannedDurationS: Type.Integer(),
  rateMgPerH: Type.Number(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Phase changes and rate changes in order: the dose delivered is worked out from them. */
  pumpEvents: Type.Array(
    Type.Union([
      Type.Object({ at: Type.String({ format: 'date-time' }), phase: PhaseSchema }),
      Type.Object({ at: Type.String({ format: 'date-time' }), rateMgPerH: Type.Number() }),
    ]),
  ),
  painBefore: Type.Union([Type.Integer(), Type.Null()]),
  sedationBefore: Type.Union([Type.Integer(), Type.Null()]),
  /** The pre-infusion values (the last of each vital before the infusion started). */
  baseline: Type.Partial(
    Type.Object({
      hr: Type.Number(),
      sbp: Type.Number(),
      dbp: Type.Number(),
      map: Type.Number(),
      spo2: Type.Number(),
      rr: Type.Number(),
      etco2: Type.Number(),
    }),
  ),
  /** This session's alarm limits where they differ from the clinic profile. */
  alarmLimits: AlarmLimitOverrides,
});
export type SessionSummary = Static<typeof SessionSummary>;

export const SessionDetail = Type.Composite([
  SessionSummary,
  Type.Object({
    patient: Type.Object({
      id: Type.String(),
      clinicId: Type.String(),
      givenName: Type.String(),
      familyName: Type.String(),
      birthDate: Type.Union([Type.String(), Type.Null()]),
    }),
    prescriber: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    /** Every phase and rate change: when, by whom, why. */
    history: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        kind: Type.Union([Type.Literal('phase'), Type.Literal('rate')]),
        fromPhase: Type.Union([PhaseSchema, Type.Null()]),
        toPhase: Type.Union([PhaseSchema, Type.Null()]),
        rateMgPerH: Type.Union([Type.Number(), Type.Null()]),
        reason: Type.Union([Type.String(), Type.Null()]),
        byName: Type.String(),
      }),
    ),
    discharge: Type.Union([
      Type.Object({
        scale: Type.String(),
        score: Type.Integer(),
        override: Type.Union([Type.String(), Type.Null()]),
        painAfter: Type.Union([Type.Integer(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    abortReason: Type.Union([Type.String(), Type.Null()]),
  }),
]);
export type SessionDetail = Static<typeof SessionDetail>;

/** A patient found by `GET /api/patients?search=`, with what the start form pre-fills. */
export const PatientMatch = Type.Object({
  id: Type.String(),
  clinicId: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  sessionCount: Type.Integer({ description: 'infusions so far' }),
  lastWeightKg: Type.Union([Type.Number(), Type.Null()]),
});
export type PatientMatch = Static<typeof PatientMatch>;

export function initials(givenName: string, familyName: string): string {
  return `${givenName.trim().charAt(0)}${familyName.trim().charAt(0)}`.toUpperCase();
}
