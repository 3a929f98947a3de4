import { TRANSITIONS } from '../../../server/src/clinical/phases.ts';
import type { Phase } from '../../../server/src/contract/sessions.ts';

/** What the nurse can do to a session, in the order the bar shows them. */
export type SessionAction = 'pre-scores' | 'start' | 'pause' | 'resume' | 'rate' | 'stop' | 'discharge' | 'abort';

export const ACTION_LABELS: Record<SessionAction, string> = {
  'pre-scores': 'Record pre scores',
  start: 'Start infusion',
  pause: 'Pause',
  resume: 'Resume',
  rate: 'Change rate',
  stop: 'Stop infusion',
  discharge: 'Discharge',
  abort: 'Abort',
};

/** The moves of TRANSITIONS, named as the nurse does them. */
const MOVES: readonly { action: SessionAction; from?: Phase; to: Phase }[] = [
  { action: 'start', from: 'pre-infusion', to: 'infusing' },
  { action: 'pause', to: 'paused' },
  { action: 'resume', from: 'paused', to: 'infusing' },
  { action: 'stop', to: 'recovery' },
  { action: 'discharge', to: 'discharged' },
  { action: 'abort', to: 'aborted' },
];

/** The pump's rate is changed while it is set up: running or paused. */
const RATE_PHASES: readonly Phase[] = ['infusing', 'paused'];

/** The legal next steps in this phase: the moves TRANSITIONS allows, the pre scores before the
 * infusion and a rate change while the pump is set up. */
export function sessionActions(phase: Phase): SessionAction[] {
  const allowed = new Set<SessionAction>();
  if (phase === 'pre-infusion') allowed.add('pre-scores');
  if (RATE_PHASES.includes(phase)) allowed.add('rate');
  for (const move of MOVES) {
    if ((move.from === undefined || move.from === phase) && TRANSITIONS[phase].includes(move.to)) allowed.add(move.action);
  }
  return (Object.keys(ACTION_LABELS) as SessionAction[]).filter((action) => allowed.has(action));
}

/** The phase a move action leads to (the others open a form). */
export function moveTarget(action: SessionAction): Phase | undefined {
  return MOVES.find((move) => move.action === action)?.to;
}
