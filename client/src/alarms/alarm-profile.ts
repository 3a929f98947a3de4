import type { TInteger } from '@sinclair/typebox';
import { ALARM_RULES, AlarmProfileInput, RULE_IDS } from '../../../server/src/contract/alarms.ts';
import { PRIORITY_WORD } from './alarm-history.ts';
import { limitField, limitsForm, readLimits, readNumber, ruleCondition, type FormIssue, type LimitsForm } from './alarm-limits.ts';

/** The profile's timings, named as the server names them in an error. */
export type TimingField = 'delayS.medium' | 'delayS.low' | 'silenceS' | 'staleS';

const { delayS, silenceS, staleS } = AlarmProfileInput.properties;
const range = (schema: TInteger): [number, number] => [schema.minimum!, schema.maximum!];

/** The timings with their labels and the range the server accepts (seconds, whole). */
export const TIMINGS: readonly { field: TimingField; label: string; hint: string; range: [number, number] }[] = [
  {
    field: 'delayS.medium',
    label: 'Medium alarm delay (s)',
    hint: 'How long a medium condition lasts before it alarms',
    range: range(delayS.properties.medium),
  },
  {
    field: 'delayS.low',
    label: 'Low alarm delay (s)',
    hint: 'How long a technical condition lasts before it alarms',
    range: range(delayS.properties.low),
  },
  { field: 'silenceS', label: 'Silence time (s)', hint: 'How long acknowledging silences an alarm', range: range(silenceS) },
  {
    field: 'staleS',
    label: 'No data after (s)',
    hint: 'A chair with an active session that sends nothing this long alarms',
    range: range(staleS),
  },
];

/** Every input of the profile form, as the server names them. */
export const PROFILE_FIELDS: readonly string[] = [...RULE_IDS.map(limitField), ...TIMINGS.map((timing) => timing.field)];

/** An input's name in words, for saying which one stopped the save: `SBP at or above (high alarm)`. */
export function fieldLabel(field: string): string {
  const rule = RULE_IDS.find((id) => limitField(id) === field);
  if (rule) return `${ruleCondition(rule)} (${PRIORITY_WORD[ALARM_RULES[rule].priority].toLowerCase()} alarm)`;
  return TIMINGS.find((timing) => timing.field === field)?.label ?? field;
}

export interface ProfileForm {
  limits: LimitsForm;
  timings: Record<TimingField, string>;
}

export function profileForm(profile: AlarmProfileInput): ProfileForm {
  return {
    limits: limitsForm(profile.limits),
    timings: {
      'delayS.medium': String(profile.delayS.medium),
      'delayS.low': String(profile.delayS.low),
      silenceS: String(profile.silenceS),
      staleS: String(profile.staleS),
    },
  };
}

/** The profile to save, or the first input that cannot be (limits before timings, as on the page). */
export function profileRequest(form: ProfileForm): { ok: true; input: AlarmProfileInput } | ({ ok: false } & FormIssue) {
  const read = readLimits(form.limits);
  if (!read.ok) return read;
  const seconds = {} as Record<TimingField, number>;
  for (const {
    field,
    range: [min, max],
  } of TIMINGS) {
    const value = readNumber(form.timings[field]);
    if (value === null || !Number.isInteger(value) || value < min || value > max) {
      return { ok: false, field, message: `Enter whole seconds from ${min} to ${max}` };
    }
    seconds[field] = value;
  }
  return {
    ok: true,
    input: {
      limits: read.limits,
      delayS: { medium: seconds['delayS.medium'], low: seconds['delayS.low'] },
      silenceS: seconds.silenceS,
      staleS: seconds.staleS,
    },
  };
}
