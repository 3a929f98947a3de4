import type { Phase, SessionSummary } from '../contract/sessions.ts';

/** Dose maths of an IV ketamine infusion (clinical reference §1, docs/clinical.md). */

/** Planned dose (mg) = prescribed mg/kg × body weight, to 0.1 mg. */
export function plannedDoseMg(weightKg: number, doseMgPerKg: number): number {
  return round1(weightKg * doseMgPerKg);
}

/** Pump rate (mg/h) that delivers the planned dose over the planned duration, to 0.1 mg/h. */
export function rateMgPerH(doseMg: number, durationS: number): number {
  return round1(doseMg / (durationS / 3600));
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A moment that changes the pump: a phase change or a new rate. Times in Unix ms. */
export type PumpEvent = { at: number; phase: Phase } | { at: number; rateMgPerH: number };

export interface DoseProgress {
  deliveredMg: number;
  /** Share of the planned dose delivered, 0–100. */
  percent: number;
  /** Time left at the current rate while infusing; null when the pump is not running. */
  remainingS: number | null;
}

/**
 * Delivered so far = ∫ rate dt over the time the session was infusing (paused time excluded, each
 * rate from its change on; clinical reference §1). The pump stops when the planned dose is in.
 */
export function doseProgress(plannedMg: number, initialRateMgPerH: number, events: readonly PumpEvent[], now: number): DoseProgress {
  let deliveredMg = 0;
  let rate = initialRateMgPerH;
  let runningSince: number | null = null;
  const ordered = [...events].sort((a, b) => a.at - b.at);
  for (const event of ordered) {
    if (event.at > now) break;
    if (runningSince !== null) deliveredMg += (rate * (event.at - runningSince)) / 3_600_000;
    runningSince = runningSince === null ? null : event.at;
    if ('rateMgPerH' in event) rate = event.rateMgPerH;
    else runningSince = event.phase === 'infusing' ? event.at : null;
  }
  if (runningSince !== null) deliveredMg += (rate * (now - runningSince)) / 3_600_000;
  deliveredMg = Math.min(deliveredMg, plannedMg);
  const running = runningSince !== null && deliveredMg < plannedMg && rate > 0;
  return {
    deliveredMg: round1(deliveredMg),
    percent: plannedMg > 0 ? Math.round((deliveredMg / plannedMg) * 1000) / 10 : 0,
    remainingS: running ? Math.round(((plannedMg - deliveredMg) / rate) * 3600) : null,
  };
}

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
