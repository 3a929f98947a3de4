import { Type, type Static } from '@sinclair/typebox';

/** The nurse's quick log of side effects (clinical reference §6). */
export const SIDE_EFFECTS = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  confusion: 'Confusion',
  dissociation: 'Hallucinations / dissociation',
  sedation: 'Sedation',
  anxiety: 'Anxiety / agitation',
  dizziness: 'Dizziness',
  headache: 'Headache',
  hypertension: 'Hypertension (symptomatic)',
  other: 'Other',
} as const;
export type SideEffect = keyof typeof SIDE_EFFECTS;
export const SIDE_EFFECT_KINDS = Object.keys(SIDE_EFFECTS) as SideEffect[];

/** 0 none, 1 mild, 2 moderate, 3 severe. */
export const SEVERITIES = ['none', 'mild', 'moderate', 'severe'] as const;

/** MOAA/S: 5 responds readily to name … 0 no response (clinical reference §6). */
export const MOAAS = {
  5: 'Responds readily to name spoken in normal tone',
  4: 'Lethargic response to name spoken in normal tone',
  3: 'Responds only after name is called loudly and/or repeatedly',
  2: 'Responds only after mild prodding or shaking',
  1: 'Responds only after painful trapezius squeeze',
  0: 'No response after painful trapezius squeeze',
} as const;

export const INTERVENTIONS = {
  'ondansetron-4mg-iv': 'Ondansetron 4 mg IV',
  'infusion-paused': 'Infusion paused',
  'rate-reduced': 'Rate reduced',
  reassurance: 'Reassurance / dim lights',
  other: 'Other',
} as const;
export type InterventionKind = keyof typeof INTERVENTIONS;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** What was done about it, given with the entry or added later as a correction. */
const Intervention = Type.Object(
  { kind: literals(Object.keys(INTERVENTIONS) as InterventionKind[]), detail: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const ObservationInput = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, description: "The tablet's id for this entry; a retry is stored once" }),
    kind: literals(SIDE_EFFECT_KINDS),
    severity: Type.Integer({ minimum: 0, maximum: 3, description: '0 none, 1 mild, 2 moderate, 3 severe' }),
    sedationScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 5, description: 'MOAA/S, required for sedation' })),
    detail: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'what it was, required for "other"' })),
    intervention: Type.Optional(Intervention),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    observedAt: Type.Optional(Type.String({ format: 'date-time', description: 'back-timing; default now' })),
  },
  { additionalProperties: false },
);
export type ObservationInput = Static<typeof ObservationInput>;

export const AmendInput = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'why the entry is corrected' }),
    severity: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    sedationScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
    detail: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    observedAt: Type.Optional(Type.String({ format: 'date-time' })),
    struck: Type.Optional(Type.Literal(true, { description: 'strike the entry through (it stays on record)' })),
    intervention: Type.Optional(Intervention),
  },
  { additionalProperties: false },
);
export type AmendInput = Static<typeof AmendInput>;

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** One version of an entry. A correction is a new version whose `amendsId` names the one it
 * replaces; the replaced one gets `supersededById`. The current entry is the one not superseded. */
export const Observation = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  sessionId: Type.String(),
  kind: literals(SIDE_EFFECT_KINDS),
  severity: Type.Integer(),
  sedationScore: Type.Union([Type.Integer(), Type.Null()]),
  detail: nullable(Type.String()),
  note: nullable(Type.String()),
  intervention: Type.Union([Type.Object({ kind: Type.String(), detail: nullable(Type.String()) }), Type.Null()]),
  observedAt: Type.String({ format: 'date-time' }),
  recordedAt: Type.String({ format: 'date-time' }),
  byName: Type.String(),
  amendsId: nullable(Type.String()),
  amendReason: nullable(Type.String()),
  struck: Type.Boolean(),
  supersededById: nullable(Type.String()),
});
export type Observation = Static<typeof Observation>;

/** What the board tile shows: the most recent side effect still on record (not corrected away,
 * not struck through). */
export const LatestSideEffect = Type.Union([
  Type.Object({
    id: Type.String(),
    kind: literals(SIDE_EFFECT_KINDS),
    severity: Type.Integer(),
    observedAt: Type.String({ format: 'date-time' }),
  }),
  Type.Null(),
]);
export type LatestSideEffect = Static<typeof LatestSideEffect>;

export function latestSideEffect(observations: readonly Observation[]): LatestSideEffect {
  let latest: Observation | null = null;
  for (const o of observations) {
    if (o.supersededById || o.struck) continue;
    if (!latest || o.observedAt > latest.observedAt) latest = o;
  }
  return latest && { id: latest.id, kind: latest.kind, severity: latest.severity, observedAt: latest.observedAt };
}

/** What the chart says of consciousness, for NEWS2 and the sedation alarms: the latest MOAA/S
 * charted this session and whether confusion is charted now (NEWS2 scores new confusion as not alert). */
export const Consciousness = Type.Object({
  moaas: Type.Union([Type.Integer({ minimum: 0, maximum: 5 }), Type.Null()]),
  moaasAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  newConfusion: Type.Boolean({ description: 'the latest confusion entry is mild or worse' }),
});
export type Consciousness = Static<typeof Consciousness>;

export const NO_CONSCIOUSNESS_CHARTED: Consciousness = { moaas: null, moaasAt: null, newConfusion: false };

export function consciousnessOf(observations: readonly Observation[]): Consciousness {
  let sedation: Observation | null = null;
  let confusion: Observation | null = null;
  for (const o of observations) {
    if (o.supersededById || o.struck) continue;
    if (o.sedationScore !== null && (!sedation || o.observedAt > sedation.observedAt)) sedation = o;
    if (o.kind === 'confusion' && (!confusion || o.observedAt > confusion.observedAt)) confusion = o;
  }
  return {
    moaas: sedation?.sedationScore ?? null,
    moaasAt: sedation?.observedAt ?? null,
    newConfusion: (confusion?.severity ?? 0) > 0,
  };
}
