import type { DoseProgress } from '../../../server/src/clinical/dose.ts';
import { formatAmount } from './format.ts';

/** `delivered 12.5 of 40 mg (31.3 %)`, as clinical reference §1 puts it. */
export function doseText(dose: DoseProgress, plannedMg: number): string {
  return `delivered ${formatAmount(dose.deliveredMg)} of ${formatAmount(plannedMg)} mg (${formatAmount(dose.percent)} %)`;
}
