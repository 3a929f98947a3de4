import { Type, type Static } from '@sinclair/typebox';

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
    plannedMinutes: Type.Optional(
      Type.Integer({ ...PRESCRIPTION_LIMITS.plannedMinutes, description: 'Planned infusion duration (min)' }),
    ),
    prescriber: Type.Optional(Type.String({ maxLength: 120 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SessionStartInput = Static<typeof SessionStartInput>;

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
  }),
]);
export type SessionDetail = Static<typeof SessionDetail>;

export function initials(givenName: string, familyName: string): string {
  return `${givenName.trim().charAt(0)}${familyName.trim().charAt(0)}`.toUpperCase();
}
