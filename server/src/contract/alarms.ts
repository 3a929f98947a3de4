import { Type, type Static, type TNumber } from '@sinclair/typebox';
import { VITALS } from './vitals.ts';

/** Alarm priorities (IEC 60601-1-8, clinical reference §5). */
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type AlarmPriority = (typeof PRIORITIES)[number];
export const PRIORITY_RANK: Record<AlarmPriority, number> = { low: 1, medium: 2, high: 3 };
/** Colour is never the only cue: each priority has its symbol (§5). */
export const PRIORITY_MARKER: Record<AlarmPriority, string> = { high: '***', medium: '**', low: '*' };

export type MonitoredParameter = 'sbp' | 'dbp' | 'hr' | 'spo2' | 'rr' | 'etco2' | 'sedation';
export const PARAMETER_LABEL: Record<MonitoredParameter, string> = {
  sbp: VITALS.sbp.label,
  dbp: VITALS.dbp.label,
  hr: VITALS.hr.label,
  spo2: VITALS.spo2.label,
  rr: VITALS.rr.label,
  etco2: VITALS.etco2.label,
  sedation: 'MOAA/S',
};

/**
 * How a rule compares the parameter with its limit: `rise` breaches at baseline + limit or more,
 * `drop` at the pre-dose score − limit or less, `no-breath-for` when no EtCO₂ breath has been seen
 * for `limit` seconds.
 */
export type Comparison = 'at-or-above' | 'at-or-below' | 'above' | 'below' | 'rise' | 'drop' | 'no-breath-for';

interface RuleDefinition {
  parameter: MonitoredParameter;
  /** Rules on the same side of a parameter form one alarm, whose priority is the worst breached. */
  side: 'above' | 'below';
  priority: 'high' | 'medium';
  comparison: Comparison;
  /** The clinic default (clinical reference §4). */
  limit: number;
  /** What an admin or a nurse may set the limit to. */
  range: [number, number];
  description: string;
}

const vitalRange = (key: keyof typeof VITALS): [number, number] => [VITALS[key].min, VITALS[key].max];

/** The ketamine infusion alarm profile, clinical reference §4 (docs/clinical.md). Whole-number
 * bands such as "HR 111–130" become "at or above 111"; values are judged rounded to whole numbers. */
// prettier-ignore
export const ALARM_RULES = {
  'sbp-high': { parameter: 'sbp', side: 'above', priority: 'high', comparison: 'at-or-above', limit: 180, range: vitalRange('sbp'), description: 'SBP at or above' },
  'sbp-raised': { parameter: 'sbp', side: 'above', priority: 'medium', comparison: 'at-or-above', limit: 160, range: vitalRange('sbp'), description: 'SBP at or above' },
  'sbp-rise': { parameter: 'sbp', side: 'above', priority: 'medium', comparison: 'rise', limit: 40, range: [5, 100], description: 'SBP rise above baseline of at least' },
  'sbp-low': { parameter: 'sbp', side: 'below', priority: 'high', comparison: 'at-or-below', limit: 90, range: vitalRange('sbp'), description: 'SBP at or below' },
  'dbp-high': { parameter: 'dbp', side: 'above', priority: 'high', comparison: 'at-or-above', limit: 110, range: vitalRange('dbp'), description: 'DBP at or above' },
  'dbp-raised': { parameter: 'dbp', side: 'above', priority: 'medium', comparison: 'at-or-above', limit: 100, range: vitalRange('dbp'), description: 'DBP at or above' },
  'dbp-rise': { parameter: 'dbp', side: 'above', priority: 'medium', comparison: 'rise', limit: 25, range: [5, 100], description: 'DBP rise above baseline of at least' },
  'hr-high': { parameter: 'hr', side: 'above', priority: 'high', comparison: 'at-or-above', limit: 131, range: vitalRange('hr'), description: 'HR at or above' },
  'hr-raised': { parameter: 'hr', side: 'above', priority: 'medium', comparison: 'at-or-above', limit: 111, range: vitalRange('hr'), description: 'HR at or above' },
  'hr-lowered': { parameter: 'hr', side: 'below', priority: 'medium', comparison: 'at-or-below', limit: 50, range: vitalRange('hr'), description: 'HR at or below' },
  'hr-low': { parameter: 'hr', side: 'below', priority: 'high', comparison: 'at-or-below', limit: 40, range: vitalRange('hr'), description: 'HR at or below' },
  'spo2-lowered': { parameter: 'spo2', side: 'below', priority: 'medium', comparison: 'at-or-below', limit: 93, range: vitalRange('spo2'), description: 'SpO₂ at or below' },
  'spo2-low': { parameter: 'spo2', side: 'below', priority: 'high', comparison: 'at-or-below', limit: 91, range: vitalRange('spo2'), description: 'SpO₂ at or below' },
  'rr-high': { parameter: 'rr', side: 'above', priority: 'high', comparison: 'at-or-above', limit: 25, range: vitalRange('rr'), description: 'RR at or above' },
  'rr-raised': { parameter: 'rr', side: 'above', priority: 'medium', comparison: 'at-or-above', limit: 21, range: vitalRange('rr'), description: 'RR at or above' },
  'rr-lowered': { parameter: 'rr', side: 'below', priority: 'medium', comparison: 'at-or-below', limit: 11, range: vitalRange('rr'), description: 'RR at or below' },
  'rr-low': { parameter: 'rr', side: 'below', priority: 'high', comparison: 'at-or-below', limit: 8, range: vitalRange('rr'), description: 'RR at or below' },
  'etco2-raised': { parameter: 'etco2', side: 'above', priority: 'medium', comparison: 'above', limit: 50, range: vitalRange('etco2'), description: 'EtCO₂ above' },
  'etco2-lowered': { parameter: 'etco2', side: 'below', priority: 'medium', comparison: 'below', limit: 15, range: vitalRange('etco2'), description: 'EtCO₂ below' },
  'etco2-apnoea': { parameter: 'etco2', side: 'below', priority: 'high', comparison: 'no-breath-for', limit: 20, range: [10, 60], description: 'No CO₂ breath for (s)' },
  'sedation-drop': { parameter: 'sedation', side: 'below', priority: 'medium', comparison: 'drop', limit: 1, range: [1, 5], description: 'MOAA/S drop from pre-dose of at least' },
  'sedation-deep': { parameter: 'sedation', side: 'below', priority: 'high', comparison: 'at-or-below', limit: 2, range: [0, 4], description: 'MOAA/S at or below' },
} as const satisfies Record<string, RuleDefinition>;
export type RuleId = keyof typeof ALARM_RULES;
export const RULE_IDS = Object.keys(ALARM_RULES) as RuleId[];

/** Absolute limits of one parameter, lowest first: an edit must keep them in this order (a high
 * alarm is always further out than the medium one on its side). */
export const LIMIT_ORDER: readonly (readonly RuleId[])[] = [
  ['sbp-low', 'sbp-raised', 'sbp-high'],
  ['dbp-raised', 'dbp-high'],
  ['hr-low', 'hr-lowered', 'hr-raised', 'hr-high'],
  ['spo2-low', 'spo2-lowered'],
  ['rr-low', 'rr-lowered', 'rr-raised', 'rr-high'],
  ['etco2-lowered', 'etco2-raised'],
];

/** Technical alarms (clinical reference §4): low priority. */
export const TECHNICAL_CONDITIONS = {
  stale: 'No data from a chair with an active session',
  disconnected: 'The device streaming the chair disconnected',
  implausible: 'The device sent a value outside the accepted range (sensor off?)',
} as const;
export type TechnicalCondition = keyof typeof TECHNICAL_CONDITIONS;

const limitSchema = (id: RuleId): TNumber => {
  const { range, description, limit } = ALARM_RULES[id];
  return Type.Number({ minimum: range[0], maximum: range[1], description: `${description} (default ${limit})` });
};
const limitProperties = Object.fromEntries(RULE_IDS.map((id) => [id, limitSchema(id)])) as Record<RuleId, TNumber>;

export const AlarmLimits = Type.Object(limitProperties, { additionalProperties: false });
export type AlarmLimits = Static<typeof AlarmLimits>;
export const AlarmLimitOverrides = Type.Partial(AlarmLimits);
export type AlarmLimitOverrides = Partial<AlarmLimits>;

/** The clinic's alarm profile, edited by an admin. */
export const AlarmProfileInput = Type.Object(
  {
    limits: AlarmLimits,
    /** Seconds a medium or low condition must last before it alarms (nuisance control); high
     * alarms never wait, nor does `stale`, which is a time limit of its own. */
    delayS: Type.Object(
      { medium: Type.Integer({ minimum: 0, maximum: 60 }), low: Type.Integer({ minimum: 0, maximum: 60 }) },
      { additionalProperties: false },
    ),
    silenceS: Type.Integer({ minimum: 30, maximum: 300, description: 'how long an acknowledgement silences an alarm (s)' }),
    staleS: Type.Integer({
      minimum: 10,
      maximum: 600,
      description: 'no data for this long from a chair with an active session alarms (s)',
    }),
  },
  { additionalProperties: false },
);
export type AlarmProfileInput = Static<typeof AlarmProfileInput>;

export const AlarmProfile = Type.Composite([
  AlarmProfileInput,
  Type.Object({
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
  }),
]);
export type AlarmProfile = Static<typeof AlarmProfile>;

export const DEFAULT_ALARM_PROFILE: AlarmProfileInput = {
  limits: Object.fromEntries(RULE_IDS.map((id) => [id, ALARM_RULES[id].limit])) as AlarmLimits,
  delayS: { medium: 10, low: 10 }, // a one-sample blip does not alarm (issue #5: e.g. 10 s); high never waits
  silenceS: 120,
  staleS: 30, // clinical reference §4
};

/** A nurse's limits for one session (e.g. a patient whose usual SBP is 165); replaces the earlier
 * overrides, `{}` returns to the clinic profile. */
export const SessionAlarmLimitsInput = Type.Object(
  { limits: AlarmLimitOverrides, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type SessionAlarmLimitsInput = Static<typeof SessionAlarmLimitsInput>;

/** Limits in force: the clinic profile with the session's overrides. */
export function effectiveLimits(profile: AlarmLimits, overrides: AlarmLimitOverrides | null | undefined): AlarmLimits {
  return overrides ? { ...profile, ...overrides } : profile;
}

/** Limits of a parameter out of order (e.g. a high alarm inside its medium band) name the first
 * offending rule. */
export function checkLimitOrder(limits: AlarmLimits): { field: string; message: string } | null {
  for (const order of LIMIT_ORDER) {
    for (let i = 1; i < order.length; i++) {
      const [lower, higher] = [order[i - 1]!, order[i]!];
      if (limits[lower] >= limits[higher]) {
        return {
          field: `limits.${higher}`,
          message: `limits.${higher} (${limits[higher]}) must be above limits.${lower} (${limits[lower]})`,
        };
      }
    }
  }
  return null;
}

const nullableString = Type.Union([Type.String(), Type.Null()]);
const nullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const Alarm = Type.Object({
  id: Type.String(),
  chairId: Type.Integer(),
  sessionId: nullableString,
  /** What is wrong, one alarm at a time: `sbp-above`, `spo2-below`, `stale`… */
  condition: Type.String(),
  /** The rule behind the current priority (a rule id, or the technical condition). */
  rule: Type.String(),
  parameter: Type.String(),
  kind: Type.Union([Type.Literal('physiological'), Type.Literal('technical')]),
  priority: Type.Union(PRIORITIES.map((p) => Type.Literal(p))),
  value: Type.Union([Type.Number(), Type.Null()]),
  limit: Type.Union([Type.Number(), Type.Null()]),
  /** Parameter, value, limit (§5): `SBP 186 > 180`. */
  message: Type.String(),
  raisedAt: Type.String({ format: 'date-time' }),
  /** Set when a worse value raised the priority. */
  escalatedAt: nullableTime,
  acknowledgedAt: nullableTime,
  acknowledgedBy: nullableString,
  /** Sound is off until then; the alarm stays on screen. An escalation sounds again at once. */
  silencedUntil: nullableTime,
  /** The condition ended (or the session did). */
  clearedAt: nullableTime,
});
export type Alarm = Static<typeof Alarm>;

export const AlarmQuery = Type.Object(
  {
    chairId: Type.Optional(Type.Integer({ minimum: 1 })),
    sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'raised at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'raised before' })),
    active: Type.Optional(Type.Boolean({ description: 'only alarms not yet cleared' })),
    priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))),
    before: Type.Optional(Type.String({ description: 'cursor: the nextBefore of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AlarmQuery = Static<typeof AlarmQuery>;

export const AlarmPage = Type.Object({
  alarms: Type.Array(Alarm, { description: 'newest first' }),
  nextBefore: Type.Union([Type.String(), Type.Null()]),
});
export type AlarmPage = Static<typeof AlarmPage>;

/** Does this alarm sound now? Active, and not silenced (or its silence has ended). */
export function isSounding(alarm: Pick<Alarm, 'clearedAt' | 'silencedUntil'>, now: number): boolean {
  return alarm.clearedAt === null && (alarm.silencedUntil === null || Date.parse(alarm.silencedUntil) <= now);
}

/** Most urgent first: priority, then the longest standing. */
export function byUrgency(a: Alarm, b: Alarm): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.raisedAt.localeCompare(b.raisedAt);
}
