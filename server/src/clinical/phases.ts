import type { Phase } from '../contract/sessions.ts';

/**
 * The legal moves of a session (clinical reference §2): pre-infusion → infusing ⇄ paused →
 * recovery → discharged, or aborted (with a reason) from any active phase. A closed session
 * (discharged, aborted) never moves again.
 */
export const TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  scheduled: ['pre-infusion', 'aborted'],
  'pre-infusion': ['infusing', 'aborted'],
  infusing: ['paused', 'recovery', 'aborted'],
  paused: ['infusing', 'recovery', 'aborted'],
  recovery: ['discharged', 'aborted'],
  discharged: [],
  aborted: [],
};

export const canTransition = (from: Phase, to: Phase): boolean => TRANSITIONS[from].includes(to);

/** Why a move is refused, in words a nurse would use; null when it is allowed. */
export function transitionRefusal(from: Phase, to: Phase): string | null {
  if (canTransition(from, to)) return null;
  if (from === 'discharged' || from === 'aborted') return `the session is closed (${from}); it cannot become ${to}`;
  if (to === 'discharged') return `a patient cannot be discharged while ${from}: stop the infusion first (recovery)`;
  return `a session cannot go from ${from} to ${to}`;
}
