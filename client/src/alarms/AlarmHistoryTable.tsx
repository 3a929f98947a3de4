import { PRIORITY_MARKER, type Alarm, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import { formatDateTime } from '../ui/format.ts';
import { alarmDuration, laterTime, PRIORITY_WORD } from './alarm-history.ts';
import './alarm-pages.css';

/** Alarms newest first; with `chairName`, a column says which chair each was raised at. */
export function AlarmHistoryTable({ alarms, chairName }: { alarms: readonly Alarm[]; chairName?: (chairId: number) => string }) {
  return (
    <table className="data-table alarm-history-table" data-testid="alarm-history-table">
      <thead>
        <tr>
          <th scope="col">Raised</th>
          {chairName && <th scope="col">Chair</th>}
          <th scope="col">Priority</th>
          <th scope="col">Alarm</th>
          <th scope="col">Acknowledged</th>
          <th scope="col">Cleared</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {alarms.map((alarm) => (
          <AlarmRow key={alarm.id} alarm={alarm} chairName={chairName} />
        ))}
      </tbody>
    </table>
  );
}

function AlarmRow({ alarm, chairName }: { alarm: Alarm; chairName: ((chairId: number) => string) | undefined }) {
  const duration = alarmDuration(alarm);
  return (
    <tr data-testid={`alarm-row-${alarm.id}`} className={duration === null ? 'alarm-row-active' : undefined}>
      <td className="cell-nowrap">
        <time dateTime={alarm.raisedAt}>{formatDateTime(Date.parse(alarm.raisedAt), { seconds: true })}</time>
      </td>
      {chairName && <td className="cell-nowrap">{chairName(alarm.chairId)}</td>}
      <td className="cell-nowrap">
        <PriorityLabel priority={alarm.priority} />
      </td>
      <td>
        {alarm.message}
        {alarm.escalatedAt && <span className="cell-note"> (worse at {laterTime(alarm.escalatedAt, alarm.raisedAt)})</span>}
      </td>
      <td>
        {alarm.acknowledgedAt ? (
          <>
            {alarm.acknowledgedBy ?? 'Acknowledged'} <span className="cell-note">at {laterTime(alarm.acknowledgedAt, alarm.raisedAt)}</span>
          </>
        ) : (
          <span className="cell-note">Not acknowledged</span>
        )}
      </td>
      <td className="cell-nowrap">{alarm.clearedAt ? laterTime(alarm.clearedAt, alarm.raisedAt) : '—'}</td>
      <td className="cell-nowrap" data-testid={`alarm-row-${alarm.id}-duration`}>
        {duration ?? <strong>Active</strong>}
      </td>
    </tr>
  );
}

/** `*** High`: the marker and the word, so colour is never the only cue (§5). */
export function PriorityLabel({ priority }: { priority: AlarmPriority }) {
  return (
    <span className={`alarm-priority alarm-priority-${priority}`}>
      <span className="alarm-priority-marker" aria-hidden="true">
        {PRIORITY_MARKER[priority]}
      </span>{' '}
      {PRIORITY_WORD[priority]}
    </span>
  );
}
