import type { Phase } from '../../../server/src/contract/sessions.ts';
import { PHASE_LABELS } from './format.ts';

export function PhaseBadge({ phase, testId }: { phase: Phase; testId?: string }) {
  return (
    <span className={`phase phase-${phase}`} data-testid={testId}>
      {PHASE_LABELS[phase]}
    </span>
  );
}
