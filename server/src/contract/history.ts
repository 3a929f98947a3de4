import { Type, type Static } from '@sinclair/typebox';
import { PRIORITIES } from './alarms.ts';
import { SIDE_EFFECT_KINDS } from './observations.ts';
import { PHASES } from './sessions.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number | typeof Type.Integer>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** How a session ended (or that it has not). */
export const OUTCOMES = ['active', 'discharged', 'aborted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `GET /api/sessions`: the supervisor's session search. Filters combine (AND). */
export const SessionSearch = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'started at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'started before' })),
    chairId: Type.Optional(Type.Integer({ minimum: 1 })),
    patient: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'part of a name or the clinic id' })),
    patientId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    outcome: Type.Optional(literals(OUTCOMES)),
    sideEffect: Type.Optional(literals(SIDE_EFFECT_KINDS)),
    minSeverity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3, description: 'with a side effect (of that kind) this severe or worse' }),
    ),
    alarmPriority: Type.Optional(literals(PRIORITIES)),
    prescriber: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest')], { default: 'newest' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type SessionSearch = Static<typeof SessionSearch>;

/** One row of the search: enough to pick the session to open. */
export const SessionListItem = Type.Object({
  id: Type.String(),
  chairId: Type.Integer(),
  patient: Type.Object({ id: Type.String(), clinicId: Type.String(), givenName: Type.String(), familyName: Type.String() }),
  phase: literals(PHASES),
  outcome: literals(OUTCOMES),
  seriesNumber: Type.Integer(),
  seriesLength: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: nullable(Type.String({ format: 'date-time' })),
  weightKg: Type.Number(),
  doseMgPerKg: Type.Number(),
  plannedDoseMg: Type.Number(),
  prescriber: nullable(Type.String()),
  painBefore: nullable(Type.Integer()),
  painAfter: nullable(Type.Integer()),
  dischargeScore: nullable(Type.Integer()),
  abortReason: nullable(Type.String()),
  /** Side effects on record (current versions, not struck through), and the worst severity. */
  sideEffects: Type.Integer(),
  worstSeverity: nullable(Type.Integer()),
  alarms: Type.Object({ high: Type.Integer(), medium: Type.Integer(), low: Type.Integer() }),
});
export type SessionListItem = Static<typeof SessionListItem>;

export const SessionPage = Type.Object({
  sessions: Type.Array(SessionListItem),
  nextCursor: nullable(Type.String()),
});
export type SessionPage = Static<typeof SessionPage>;

/** One infusion of a patient's series, for the side-by-side view. */
export const SeriesEntry = Type.Object({
  sessionId: Type.String(),
  seriesNumber: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  outcome: literals(OUTCOMES),
  doseMgPerKg: Type.Number(),
  plannedDoseMg: Type.Number(),
  deliveredMg: Type.Number(),
  painBefore: nullable(Type.Integer()),
  painAfter: nullable(Type.Integer()),
  baselineSbp: nullable(Type.Number()),
  peakSbp: nullable(Type.Number()),
  /** Peak SBP during the infusion and recovery minus the baseline (clinical reference §4: ≥ 40 alarms). */
  peakSbpRise: nullable(Type.Number()),
  /** Worst severity charted per side effect kind (absent: none charted). */
  sideEffects: Type.Record(Type.String(), Type.Integer()),
  alarms: Type.Object({ high: Type.Integer(), medium: Type.Integer(), low: Type.Integer() }),
});
export type SeriesEntry = Static<typeof SeriesEntry>;

export const PatientSeries = Type.Object({
  patient: Type.Object({
    id: Type.String(),
    clinicId: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    birthDate: nullable(Type.String()),
  }),
  sessions: Type.Array(SeriesEntry, { description: 'in series order' }),
});
export type PatientSeries = Static<typeof PatientSeries>;

export const SummaryQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type SummaryQuery = Static<typeof SummaryQuery>;

/** The clinic over a period: activity, side effects, alarm noise, aborted sessions. */
export const ClinicSummary = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  sessions: Type.Object({ total: Type.Integer(), discharged: Type.Integer(), aborted: Type.Integer(), active: Type.Integer() }),
  /** Hours of sessions in the period (start to end, or to now): the denominator of alarm rates. */
  sessionHours: Type.Number(),
  /** Per side effect kind: sessions with it at each severity (1 mild, 2 moderate, 3 severe), as counts. */
  sideEffects: Type.Array(
    Type.Object({
      kind: Type.String(),
      sessions: Type.Integer(),
      bySeverity: Type.Object({ mild: Type.Integer(), moderate: Type.Integer(), severe: Type.Integer() }),
    }),
  ),
  alarms: Type.Object({
    total: Type.Integer(),
    byPriority: Type.Object({ high: Type.Integer(), medium: Type.Integer(), low: Type.Integer() }),
    /** Noisiest first: the nuisance analysis. */
    byRule: Type.Array(
      Type.Object({
        rule: Type.String(),
        priority: Type.String(),
        count: Type.Integer(),
        perSessionHour: Type.Number(),
        medianSecondsToAcknowledge: nullable(Type.Number()),
        medianDurationS: nullable(Type.Number()),
      }),
    ),
    perSessionHour: Type.Number(),
    medianSecondsToAcknowledge: nullable(Type.Number()),
  }),
  aborted: Type.Array(
    Type.Object({ sessionId: Type.String(), startedAt: Type.String({ format: 'date-time' }), reason: nullable(Type.String()) }),
  ),
});
export type ClinicSummary = Static<typeof ClinicSummary>;
