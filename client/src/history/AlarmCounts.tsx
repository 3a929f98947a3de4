import { PRIORITY_MARKER, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import { alarmCounts } from './session-search.ts';
import './history.css';

/** `*** 1  ** 3`: each priority that alarmed by its marker and count, its word for screen readers
 * (colour is never the only cue). */
export function AlarmCounts({ alarms }: { alarms: Record<AlarmPriority, number> }) {
  const counts = alarmCounts(alarms);
  if (counts.length === 0) return <span className="cell-note">None</span>;
  return (
    <span className="alarm-counts">
      {counts.map(({ priority, count }) => (
        <span key={priority} className={`alarm-priority alarm-priority-${priority}`}>
          <span className="alarm-priority-marker" aria-hidden="true">
            {PRIORITY_MARKER[priority]}
          </span>{' '}
          {count}
          <span className="visually-hidden"> {priority}</span>
        </span>
      ))}
    </span>
  );
}
