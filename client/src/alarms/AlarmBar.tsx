import { Link } from 'react-router';
import { isSounding } from '../../../server/src/contract/alarms.ts';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { AlarmMessage } from '../ui/AlarmMessage.tsx';
import { useNow } from '../ui/clock.ts';
import { formatAge } from '../ui/format.ts';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { alarmClass } from './AlarmItem.tsx';
import { acknowledgementNote, alarmBarRows, isSilenced, type AlarmBarRow } from './alarm-view.ts';

/** Every chair in alarm, one row each, ordered by its most urgent alarm: what sounds can be found
 * and silenced from one place. */
export function AlarmBar({ chairs }: { chairs: readonly ChairSnapshot[] }) {
  const { role } = useSignedIn().user;
  const rows = alarmBarRows(chairs);
  if (rows.length === 0) return null;
  return (
    <section className="alarm-bar" aria-label="Chairs in alarm" data-testid="alarm-bar">
      <ol className="alarm-bar-rows">
        {rows.map((row) => (
          <BarRow key={row.chair.id} row={row} linked={can(role, 'open-chair')} acknowledges={can(role, 'acknowledge-alarms')} />
        ))}
      </ol>
    </section>
  );
}

function BarRow({ row: { chair, alarm }, linked, acknowledges }: { row: AlarmBarRow; linked: boolean; acknowledges: boolean }) {
  const now = useNow();
  // One tap silences the whole chair, as a monitor's silence key does.
  const sounding = chair.alarms.filter((a) => isSounding(a, now));
  return (
    <li className={`${alarmClass(alarm.priority, isSilenced(alarm, now))} alarm-bar-row`} data-testid={`alarm-bar-chair-${chair.id}`}>
      <span className="alarm-bar-chair">{linked ? <Link to={`/chairs/${chair.id}`}>{chair.name}</Link> : chair.name}</span>
      {chair.alarms.map((a) => (
        <span key={a.id} className="alarm-bar-message">
          <AlarmMessage priority={a.priority}>{a.message}</AlarmMessage>
          {isSilenced(a, now) && <span className="alarm-note">{acknowledgementNote(a, now)}</span>}
        </span>
      ))}
      <span className="alarm-age">{formatAge(now - Date.parse(alarm.raisedAt))} ago</span>
      {acknowledges && sounding.length > 0 && (
        <AcknowledgeButton alarms={sounding} label={`Acknowledge ${chair.name}`} testId={`chair-${chair.id}-acknowledge`} />
      )}
    </li>
  );
}
