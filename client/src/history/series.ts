import { ALARM_RULES } from '../../../server/src/contract/alarms.ts';
import type { SeriesEntry } from '../../../server/src/contract/history.ts';
import { SIDE_EFFECT_KINDS, SIDE_EFFECTS, type SideEffect } from '../../../server/src/contract/observations.ts';
import { formatAmount } from '../ui/format.ts';

/** A rise of SBP over baseline this large alarms (clinical reference §4); drawn on the chart. */
export const SBP_RISE_REFERENCE = ALARM_RULES['sbp-rise'].limit;

const list = new Intl.ListFormat('en-GB', { type: 'conjunction' });

export interface SeriesSideEffect {
  kind: string;
  label: string;
  severity: number;
}

/** A session's side effects, in the order of the quick log: `Nausea` at its worst severity. A kind
 * only ever charted as none (a correction, MOAA/S 5) is left out. */
export function seriesSideEffects(worstByKind: Record<string, number>): SeriesSideEffect[] {
  const known = SIDE_EFFECT_KINDS.filter((kind) => worstByKind[kind] > 0);
  const unknown = Object.keys(worstByKind).filter((kind) => !(kind in SIDE_EFFECTS) && worstByKind[kind] > 0);
  return [...known, ...unknown].map((kind) => ({ kind, label: sideEffectLabel(kind), severity: worstByKind[kind] }));
}

const sideEffectLabel = (kind: string): string => SIDE_EFFECTS[kind as SideEffect] ?? kind;

/** `+42 mmHg`, `−3 mmHg`; a dash without a baseline or a reading. */
export function sbpRiseText(rise: number | null): string {
  if (rise === null) return '—';
  const rounded = Math.round(rise);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded)} mmHg`;
}

export function reachesSbpRiseReference(rise: number | null): boolean {
  return rise !== null && Math.round(rise) >= SBP_RISE_REFERENCE;
}

/** The peak SBP rise per infusion, split at the alarm reference: the chart's two bars (one empty). */
export function sbpRiseRows(entries: readonly SeriesEntry[]): { seriesNumber: number; under: number | null; over: number | null }[] {
  return entries.map(({ seriesNumber, peakSbpRise }) => {
    const rise = peakSbpRise === null ? null : Math.round(peakSbpRise);
    return reachesSbpRiseReference(rise) ? { seriesNumber, under: null, over: rise } : { seriesNumber, under: rise, over: null };
  });
}

/** `38.5 of 40 mg` */
export function deliveredText(entry: Pick<SeriesEntry, 'deliveredMg' | 'plannedDoseMg'>): string {
  return `${formatAmount(entry.deliveredMg)} of ${formatAmount(entry.plannedDoseMg)} mg`;
}

/** `infusion 3`, `infusions 1–3 and 5`: three or more in a row are joined by a dash. */
export function infusionsText(numbers: readonly number[]): string {
  const runs: string[] = [];
  const sorted = [...numbers].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - i >= 2) runs.push(`${sorted[i]}–${sorted[end]}`);
    else runs.push(...sorted.slice(i, end + 1).map(String));
    i = end + 1;
  }
  return `${sorted.length === 1 ? 'infusion' : 'infusions'} ${list.format(runs)}`;
}

/**
 * The series in one line, facts only: pre-infusion pain from the first score to the latest,
 * peak SBP rises at or over the alarm reference, which side effects came when, aborted infusions.
 * `entries` in series order.
 */
export function seriesReading(entries: readonly SeriesEntry[]): string {
  if (entries.length === 0) return 'No infusions on record.';
  const parts = [painReading(entries), sbpReading(entries), sideEffectsReading(entries), abortedReading(entries)];
  const count = entries.length === 1 ? '1 infusion' : `${entries.length} infusions`;
  return `${count}: ${parts.filter((part) => part !== null).join('; ')}.`;
}

function painReading(entries: readonly SeriesEntry[]): string {
  const scored = entries.filter((entry) => entry.painBefore !== null);
  if (scored.length === 0) return 'no pre-infusion pain score on record';
  const first = scored[0];
  const last = scored[scored.length - 1];
  if (scored.length === 1) return `pre-infusion pain was ${first.painBefore} at infusion ${first.seriesNumber}`;
  if (first.painBefore === last.painBefore) {
    return `pre-infusion pain was ${first.painBefore} at infusion ${first.seriesNumber} and at infusion ${last.seriesNumber}`;
  }
  const verb = last.painBefore! < first.painBefore! ? 'fell' : 'rose';
  return `pre-infusion pain ${verb} from ${first.painBefore} to ${last.painBefore} over infusions ${first.seriesNumber}–${last.seriesNumber}`;
}

function sbpReading(entries: readonly SeriesEntry[]): string | null {
  if (entries.every((entry) => entry.peakSbpRise === null)) return null;
  const reached = entries.filter((entry) => reachesSbpRiseReference(entry.peakSbpRise)).map((entry) => entry.seriesNumber);
  return reached.length === 0
    ? `peak SBP rise under ${SBP_RISE_REFERENCE} mmHg`
    : `peak SBP rise ${SBP_RISE_REFERENCE} mmHg or more at ${infusionsText(reached)}`;
}

function sideEffectsReading(entries: readonly SeriesEntry[]): string {
  const latest = entries[entries.length - 1].seriesNumber;
  const kinds = seriesSideEffects(Object.assign({}, ...entries.map((entry) => entry.sideEffects)));
  if (kinds.length === 0) return 'no side effects charted';
  const readings = kinds.map(({ kind, label }) => {
    const at = entries.filter((entry) => entry.sideEffects[kind] > 0).map((entry) => entry.seriesNumber);
    const name = label.toLowerCase();
    if (entries.length > 1 && at.length === entries.length) return `${name} at every infusion`;
    return at[at.length - 1] < latest ? `${name} at ${infusionsText(at)} (none since)` : `${name} at ${infusionsText(at)}`;
  });
  return `side effects: ${readings.join(', ')}`;
}

function abortedReading(entries: readonly SeriesEntry[]): string | null {
  const aborted = entries.filter((entry) => entry.outcome === 'aborted').map((entry) => entry.seriesNumber);
  return aborted.length === 0 ? null : `${infusionsText(aborted)} aborted`;
}
