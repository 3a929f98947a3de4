import { describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../contract/sessions.ts';
import { canTransition, transitionRefusal } from './phases.ts';

// Every pair of phases, with the answer the clinical workflow gives (clinical reference §2).
const LEGAL = new Set([
  'scheduled→pre-infusion',
  'scheduled→aborted',
  'pre-infusion→infusing',
  'pre-infusion→aborted',
  'infusing→paused',
  'infusing→recovery',
  'infusing→aborted',
  'paused→infusing',
  'paused→recovery',
  'paused→aborted',
  'recovery→discharged',
  'recovery→aborted',
]);
const pairs = PHASES.flatMap((from) => PHASES.map((to) => [from, to] as [Phase, Phase]));

describe('session phase transitions', () => {
  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(legal);
    expect(transitionRefusal(from, to) === null).toBe(legal);
  });

  it('explains the refusals a nurse is most likely to meet', () => {
    expect(transitionRefusal('infusing', 'discharged')).toBe(
      'a patient cannot be discharged while infusing: stop the infusion first (recovery)',
    );
    expect(transitionRefusal('discharged', 'infusing')).toBe('the session is closed (discharged); it cannot become infusing');
    expect(transitionRefusal('recovery', 'infusing')).toBe('a session cannot go from recovery to infusing');
  });
});
