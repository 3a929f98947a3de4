import type { ReactNode } from 'react';

/** Alarm priorities with their IEC 60601-1-8 markers (clinical reference §5): colour is never the
 * only signal. */
export type AlarmPriority = 'low' | 'medium' | 'high';
const MARKERS: Record<AlarmPriority, string> = { low: '*', medium: '**', high: '***' };

export function AlarmMessage({ priority, testId, children }: { priority: AlarmPriority; testId?: string; children: ReactNode }) {
  return (
    <p className={`alarm alarm-${priority}`} data-testid={testId}>
      <span className="alarm-marker" aria-hidden="true">
        {MARKERS[priority]}
      </span>
      <span>{children}</span>
    </p>
  );
}
