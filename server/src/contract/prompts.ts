import type { LatestVitals } from './vitals.ts';
import type { SessionSummary } from './sessions.ts';

/**
 * Timed prompts of the monitoring protocol (clinical reference §1: vitals at least every 5–10 min
 * during the infusion and every 15 min after; BP at ~40 min; observe until the patient is ready to
 * leave). Clinic-adjustable defaults.
 */
export const DEFAULT_PROTOCOL = {
  vitalsEveryMinInfusing: 5,
  vitalsEveryMinRecovery: 15,
  /** BP and MOAA/S check this long after the infusion started. */
  checkAtMin: 40,
  /** Minimum observation in recovery before the discharge check. */
  minRecoveryMin: 30,
} as const;
export type Protocol = { -readonly [K in keyof typeof DEFAULT_PROTOCOL]: number };

export type PromptKind = 'vitals' | 'check-40-min' | 'discharge-check';
export interface Prompt {
  kind: PromptKind;
  /** What the nurse sees. */
  text: string;
  dueAt: string;
}

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function firstAt(session: SessionSummary, phase: string): number | null {
  const event = session.pumpEvents.find((e) => 'phase' in e && e.phase === phase);
  return event ? Date.parse(event.at) : null;
}

/** The prompts due at `now` for a session (empty for a closed one). A BP reading resets the vitals
 * prompt: a cuff reading is what the protocol asks for. */
export function duePrompts(session: SessionSummary, latest: LatestVitals, now: number, protocol: Protocol = DEFAULT_PROTOCOL): Prompt[] {
  const prompts: Prompt[] = [];
  const phase = session.phase;
  if (phase !== 'infusing' && phase !== 'paused' && phase !== 'recovery') return prompts;
  const lastBp = latest.sbp ? Date.parse(latest.sbp.recordedAt) : Date.parse(session.startedAt);
  const everyMin = phase === 'recovery' ? protocol.vitalsEveryMinRecovery : protocol.vitalsEveryMinInfusing;
  const vitalsDue = lastBp + everyMin * MIN;
  if (now >= vitalsDue) prompts.push({ kind: 'vitals', text: `Vitals due (every ${everyMin} min)`, dueAt: iso(vitalsDue) });
  const infusionStart = firstAt(session, 'infusing');
  if (infusionStart !== null) {
    const checkDue = infusionStart + protocol.checkAtMin * MIN;
    const checked = latest.sbp !== undefined && Date.parse(latest.sbp.recordedAt) >= checkDue;
    if (now >= checkDue && !checked)
      prompts.push({ kind: 'check-40-min', text: `BP and MOAA/S check at ${protocol.checkAtMin} min`, dueAt: iso(checkDue) });
  }
  const recoveryStart = firstAt(session, 'recovery');
  if (phase === 'recovery' && recoveryStart !== null) {
    const dischargeDue = recoveryStart + protocol.minRecoveryMin * MIN;
    if (now >= dischargeDue) prompts.push({ kind: 'discharge-check', text: 'Discharge check', dueAt: iso(dischargeDue) });
  }
  return prompts;
}
