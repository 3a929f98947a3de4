import type { LatestSideEffect, Observation } from '../../../server/src/contract/observations.ts';
import { sideEffectText } from './side-effects.ts';

/** A side effect with its severity in words and in colour (colour is never the only signal). */
export function SideEffectTag({ entry, testId }: { entry: NonNullable<LatestSideEffect> | Observation; testId?: string }) {
  return (
    <span className={`side-effect-tag severity-${entry.severity}`} data-testid={testId}>
      <span className="severity-mark" aria-hidden="true" />
      {sideEffectText(entry)}
    </span>
  );
}
