import {
  ALARM_RULES,
  checkLimitOrder,
  LIMIT_ORDER,
  PARAMETER_LABEL,
  RULE_IDS,
  type AlarmLimitOverrides,
  type AlarmLimits,
  type MonitoredParameter,
  type RuleId,
  type SessionAlarmLimitsInput,
} from '../../../server/src/contract/alarms.ts';
import { VITALS } from '../../../server/src/contract/vitals.ts';
import { PRIORITY_WORD } from './alarm-history.ts';

/** The limits as typed, one text per rule. */
export type LimitsForm = Record<RuleId, string>;

/** A limit's input is named as the server names it in an error: `limits.sbp-high`. */
export const limitField = (id: RuleId) => `limits.${id}`;

export type FormIssue = { field: string; message: string };

const PARAMETERS: readonly MonitoredParameter[] = ['sbp', 'dbp', 'hr', 'spo2', 'rr', 'etco2', 'sedation'];

/** The rules by parameter, in the order of the monitor: SBP, DBP, HR, SpO₂, RR, EtCO₂, MOAA/S. */
export const RULE_GROUPS: readonly { parameter: MonitoredParameter; label: string; rules: readonly RuleId[] }[] = PARAMETERS.map(
  (parameter) => ({
    parameter,
    label: PARAMETER_LABEL[parameter],
    rules: RULE_IDS.filter((id) => ALARM_RULES[id].parameter === parameter),
  }),
);

/** The unit of a rule's limit: seconds without a breath, none for MOAA/S, the vital's otherwise. */
export function ruleUnit(id: RuleId): string {
  const { parameter, comparison } = ALARM_RULES[id];
  if (comparison === 'no-breath-for') return 's';
  return parameter === 'sedation' ? '' : VITALS[parameter].unit;
}

/** What the rule alarms on, without the unit its limit shows: `No CO₂ breath for`. */
export function ruleCondition(id: RuleId): string {
  return ALARM_RULES[id].description.replace(/ \(s\)$/, '');
}

/** `175 mmHg`, `91%`, `131/min`, `2`. */
export function withUnit(value: number | string, unit: string): string {
  if (!unit) return String(value);
  return unit === '%' || unit.startsWith('/') ? `${value}${unit}` : `${value} ${unit}`;
}

/** A rule with its limit, as a nurse reads it: `SBP at or above 175 mmHg`. */
export function ruleText(id: RuleId, limit: number): string {
  return `${ruleCondition(id)} ${withUnit(limit, ruleUnit(id))}`;
}

export function limitsForm(limits: AlarmLimits): LimitsForm {
  return Object.fromEntries(RULE_IDS.map((id) => [id, String(limits[id])])) as LimitsForm;
}

/** Every limit a number within its range, and each parameter's limits in order; or the first
 * input that is not, named as the server names it. */
export function readLimits(form: LimitsForm): { ok: true; limits: AlarmLimits } | ({ ok: false } & FormIssue) {
  const limits = {} as AlarmLimits;
  for (const id of RULE_IDS) {
    const value = readNumber(form[id]);
    const [min, max] = ALARM_RULES[id].range;
    if (value === null || value < min || value > max)
      return { ok: false, field: limitField(id), message: `Enter a number from ${min} to ${max}` };
    limits[id] = value;
  }
  const disorder = checkLimitOrder(limits);
  return disorder ? { ok: false, ...orderIssue(disorder.field, limits) } : { ok: true, limits };
}

/** A high alarm inside its medium band, said beside the limit the server names (the upper one). */
function orderIssue(field: string, limits: AlarmLimits): FormIssue {
  const upper = field.slice('limits.'.length) as RuleId;
  const order = LIMIT_ORDER.find((ids) => ids.includes(upper))!;
  const lower = order[order.indexOf(upper) - 1]!;
  const lowerAlarm = `${PRIORITY_WORD[ALARM_RULES[lower].priority].toLowerCase()} alarm’s “${ruleCondition(lower)}”`;
  return { field, message: `Must be above ${limits[lower]}, the ${lowerAlarm}` };
}

/** The rules whose limit in force differs from the clinic's, with both. */
export function customLimits(clinic: AlarmLimits, overrides: AlarmLimitOverrides): { id: RuleId; clinic: number; session: number }[] {
  return RULE_IDS.flatMap((id) => {
    const session = overrides[id];
    return session === undefined || session === clinic[id] ? [] : [{ id, clinic: clinic[id], session }];
  });
}

/**
 * A nurse's limits for the session: only those that differ from the clinic profile are sent (the
 * rest follow the profile). Refused when no limit in force would change, or without a reason.
 */
export function sessionLimitsRequest(
  form: LimitsForm,
  reason: string,
  clinic: AlarmLimits,
  current: AlarmLimitOverrides,
): { ok: true; input: SessionAlarmLimitsInput } | ({ ok: false } & FormIssue) {
  const read = readLimits(form);
  if (!read.ok) return read;
  const limits: AlarmLimitOverrides = {};
  for (const { id, session } of customLimits(clinic, read.limits)) limits[id] = session;
  if (sameLimits(limits, withoutClinic(clinic, current))) return { ok: false, field: 'limits', message: 'No limit changed' };
  if (!reason.trim()) return { ok: false, field: 'reason', message: 'Say why this patient needs other limits' };
  return { ok: true, input: { limits, reason: reason.trim() } };
}

function withoutClinic(clinic: AlarmLimits, overrides: AlarmLimitOverrides): AlarmLimitOverrides {
  return Object.fromEntries(customLimits(clinic, overrides).map(({ id, session }) => [id, session]));
}

function sameLimits(a: AlarmLimitOverrides, b: AlarmLimitOverrides): boolean {
  return RULE_IDS.every((id) => a[id] === b[id]);
}

/** A number as typed on a tablet: a decimal comma reads as a point. */
export function readNumber(text: string): number | null {
  const normalised = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : null;
}
