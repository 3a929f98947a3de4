import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { doseProgress, rateMgPerH, type DoseProgress, type PumpEvent } from '../../../server/src/clinical/dose.ts';
import { formatAmount } from './format.ts';

/** The dose delivered so far, from the session's pump events (paused time excluded); a closed
 * session's stops at its end. The pump starts at the prescribed rate; `pumpEvents` carry its changes. */
export function sessionDose(session: SessionSummary, now: number): DoseProgress {
  const events: PumpEvent[] = session.pumpEvents.map((event) =>
    'phase' in event ? { at: Date.parse(event.at), phase: event.phase } : { at: Date.parse(event.at), rateMgPerH: event.rateMgPerH },
  );
  const until = session.endedAt ? Math.min(now, Date.parse(session.endedAt)) : now;
  const prescribedRate = rateMgPerH(session.plannedDoseMg, session.plannedDurationS);
  return doseProgress(session.plannedDoseMg, prescribedRate, events, until);
}

/** `delivered 12.5 of 40 mg (31.3 %)`, as clinical reference §1 puts it. */
export function doseText(dose: DoseProgress, plannedMg: number): string {
  return `delivered ${formatAmount(dose.deliveredMg)} of ${formatAmount(plannedMg)} mg (${formatAmount(dose.percent)} %)`;
}
