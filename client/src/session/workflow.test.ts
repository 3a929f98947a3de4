import { describe, expect, it } from 'vitest';
import { PHASES } from '../../../server/src/contract/sessions.ts';
import { TRANSITIONS } from '../../../server/src/clinical/phases.ts';
import { moveTarget, sessionActions } from './workflow.ts';

describe('sessionActions', () => {
  it.each([
    ['pre-infusion', ['pre-scores', 'start', 'abort']],
    ['infusing', ['pause', 'rate', 'stop', 'abort']],
    ['paused', ['resume', 'rate', 'stop', 'abort']],
    ['recovery', ['discharge', 'abort']],
    ['discharged', []],
    ['aborted', []],
  ] as const)('offers in %s: %j', (phase, actions) => expect(sessionActions(phase)).toEqual(actions));

  it('offers no move the transition table refuses', () => {
    for (const phase of PHASES) {
      for (const action of sessionActions(phase)) {
        const to = moveTarget(action);
        if (to) expect(TRANSITIONS[phase]).toContain(to);
      }
    }
  });
});
