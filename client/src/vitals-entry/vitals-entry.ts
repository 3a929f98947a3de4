import { VITALS, type VitalKey } from '../../../server/src/contract/vitals.ts';
import { formatAmount } from '../ui/format.ts';

/** The keypad's inputs, in the order a nurse reads them off a monitor. MAP is worked out by the
 * server from SBP and DBP. */
export const ENTRY_VITALS = ['sbp', 'dbp', 'hr', 'spo2', 'rr', 'etco2', 'tempC'] as const satisfies readonly VitalKey[];
export type EntryVital = (typeof ENTRY_VITALS)[number];

/** What the nurse typed, per input (empty: not measured). */
export type TypedEntry = Partial<Record<EntryVital | 'minutesAgo', string>>;

/**
 * Possible but unusual at the chair: saved only after a second tap that confirms the very value.
 * Outside the contract's VITALS ranges a value is impossible and refused instead. A data-entry
 * check, not an alarm limit.
 */
export const UNUSUAL: Readonly<Partial<Record<EntryVital, { below?: number; above?: number }>>> = {
  sbp: { below: 80, above: 220 },
  dbp: { below: 40, above: 130 },
  hr: { below: 40, above: 150 },
  spo2: { below: 85 },
  rr: { below: 6, above: 35 },
  etco2: { above: 60 },
  tempC: { below: 35, above: 40 },
};

export interface EntryIssue {
  field: EntryVital | 'minutesAgo' | 'entry';
  message: string;
}

export type EntryCheck =
  | { kind: 'refused'; issue: EntryIssue }
  /** Unusual values not confirmed yet, each with the key that confirms it. */
  | { kind: 'confirm'; unusual: (EntryIssue & { key: string })[] }
  | { kind: 'ready'; values: Partial<Record<EntryVital, number>>; minutesAgo: number };

/** The confirmation of one value: changing the value asks again. */
export const confirmationKey = (vital: EntryVital, value: number) => `${vital}=${value}`;

/** Reads the typed entry: refuses what cannot be (naming the input), asks about what is unusual
 * and not confirmed yet, and otherwise gives the values to save. */
export function checkEntry(typed: TypedEntry, confirmed: ReadonlySet<string>): EntryCheck {
  const values: Partial<Record<EntryVital, number>> = {};
  for (const vital of ENTRY_VITALS) {
    const text = typed[vital]?.trim() ?? '';
    if (text === '') continue;
    const value = readNumber(text);
    const { label, unit, min, max } = VITALS[vital];
    if (value === null) return refuse(vital, `${label}: “${text}” is not a number`);
    if (value < min || value > max) return refuse(vital, `${label} ${text} is impossible (${min}–${max} ${unit})`);
    values[vital] = value;
  }
  if (Object.keys(values).length === 0) return refuse('entry', 'Enter at least one value');
  if (values.sbp !== undefined && values.dbp !== undefined && values.dbp >= values.sbp) {
    return refuse('dbp', `${VITALS.dbp.label} ${values.dbp} must be lower than ${VITALS.sbp.label} ${values.sbp}`);
  }
  const minutesText = typed.minutesAgo?.trim() ?? '';
  const minutesAgo = minutesText === '' ? 0 : readNumber(minutesText);
  if (minutesAgo === null || !Number.isInteger(minutesAgo) || minutesAgo < 0)
    return refuse('minutesAgo', 'Minutes ago: a whole number, 0 or more');

  const unusual = ENTRY_VITALS.flatMap((vital) => {
    const value = values[vital];
    const key = value === undefined ? '' : confirmationKey(vital, value);
    if (value === undefined || !isUnusual(vital, value) || confirmed.has(key)) return [];
    return [{ field: vital, key, message: `${VITALS[vital].label} ${formatAmount(value)} — confirm?` }];
  });
  return unusual.length > 0 ? { kind: 'confirm', unusual } : { kind: 'ready', values, minutesAgo };
}

export function isUnusual(vital: EntryVital, value: number): boolean {
  const limits = UNUSUAL[vital];
  return (
    limits !== undefined && ((limits.below !== undefined && value < limits.below) || (limits.above !== undefined && value > limits.above))
  );
}

/** A number as typed on a tablet: a decimal comma reads as a point. */
function readNumber(text: string): number | null {
  const normalised = text.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}

const refuse = (field: EntryIssue['field'], message: string): EntryCheck => ({ kind: 'refused', issue: { field, message } });
