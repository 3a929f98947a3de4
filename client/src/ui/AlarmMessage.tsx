import type { ReactNode } from 'react';
import { PRIORITY_MARKER, type AlarmPriority } from '../../../server/src/contract/alarms.ts';

const PRIORITY_WORD: Record<AlarmPriority, string> = { high: 'High priority', medium: 'Medium priority', low: 'Low priority' };

/** An alarm's text with its IEC 60601-1-8 marker (clinical reference §5), and its priority in
 * words for screen readers, which skip the marker: colour is never the only signal. */
export function AlarmMessage({ priority, children }: { priority: AlarmPriority; children: ReactNode }) {
  return (
    <span className="alarm-message">
      <span className="alarm-marker" aria-hidden="true">
        {PRIORITY_MARKER[priority]}
      </span>
      <span className="visually-hidden">{PRIORITY_WORD[priority]}: </span>
      <span>{children}</span>
    </span>
  );
}
