import { memo } from 'react';
import { Link } from 'react-router';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { AlarmItem } from '../alarms/AlarmItem.tsx';
import { worstPriority } from '../alarms/alarm-view.ts';
import { News2Line } from '../alarms/News2Score.tsx';
import { SideEffectTag } from '../side-effects/SideEffectTag.tsx';
import { useNow } from '../ui/clock.ts';
import { DuePrompts } from '../ui/DuePrompts.tsx';
import { NO_DATA_AFTER_MS } from '../ui/format.ts';
import { InfusionProgress } from '../ui/InfusionProgress.tsx';
import { PhaseBadge } from '../ui/PhaseBadge.tsx';
import { VitalReadings } from '../ui/VitalReadings.tsx';

interface ChairTileProps {
  chair: ChairSnapshot;
  /** The role may open the chair page: the whole tile opens it. */
  linked: boolean;
  /** A nurse: a due vitals prompt opens the keypad (`onEnterVitals`), a free chair offers to start a session. */
  runsSessions: boolean;
  onEnterVitals: (chairId: number) => void;
  /** A nurse or a supervisor: each sounding alarm offers Acknowledge. */
  acknowledges: boolean;
}

/** One chair on the board, patient shown by initials only; in alarm, the tile takes the colour of
 * its most urgent alarm. */
export const ChairTile = memo(function ChairTile({ chair, linked, runsSessions, onEnterVitals, acknowledges }: ChairTileProps) {
  const session = chair.activeSession;
  const id = chair.id;
  const worst = worstPriority(chair.alarms);
  const className = ['tile', session ? '' : 'tile-idle', chair.inService ? '' : 'tile-out-of-service', worst ? `tile-alarm-${worst}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <article className={className} data-testid={`chair-tile-${id}`} aria-labelledby={`chair-${id}-name`}>
      <header className="tile-header">
        <h2 className="tile-name" id={`chair-${id}-name`}>
          {linked ? (
            <Link className="tile-link" to={`/chairs/${id}`}>
              {chair.name}
            </Link>
          ) : (
            chair.name
          )}
        </h2>
        {session && (
          <>
            <span className="initials" title="Patient initials" data-testid={`chair-${id}-initials`}>
              {session.patientInitials}
            </span>
            <PhaseBadge phase={session.phase} testId={`chair-${id}-phase`} />
          </>
        )}
      </header>
      {chair.alarms.length > 0 && (
        <ul className="alarm-list" aria-label="Alarms">
          {chair.alarms.map((alarm) => (
            <AlarmItem key={alarm.id} alarm={alarm} acknowledges={acknowledges} testId={`chair-${id}-alarm`} />
          ))}
        </ul>
      )}
      {session ? (
        <>
          <InfusionProgress session={session} testIdPrefix={`chair-${id}`} />
          <DuePrompts chair={chair} session={session} onEnterVitals={runsSessions ? onEnterVitals : undefined} />
          {chair.latestSideEffect && (
            <p className="tile-side-effect">
              <SideEffectTag entry={chair.latestSideEffect} testId={`chair-${id}-side-effect`} />
            </p>
          )}
          <VitalReadings chairId={id} latest={chair.latest} />
          <News2Line chair={chair} session={session} />
        </>
      ) : (
        <>
          <p className="idle-text" data-testid={`chair-${id}-idle`}>
            {chair.inService ? 'No active session' : 'Out of service'}
          </p>
          {runsSessions && chair.inService && (
            <Link className="button button-primary tile-action" to={`/chairs/${id}/start`} data-testid={`chair-${id}-start-session`}>
              Start session
            </Link>
          )}
          <MonitorReadings chair={chair} />
        </>
      )}
    </article>
  );
});

/** A monitor streaming on a chair without a session (being set up) still shows its numbers;
 * a previous patient's last values do not. */
function MonitorReadings({ chair }: { chair: ChairSnapshot }) {
  const now = useNow();
  if (chair.lastSampleAt === null || now - Date.parse(chair.lastSampleAt) > NO_DATA_AFTER_MS) return null;
  return <VitalReadings chairId={chair.id} latest={chair.latest} />;
}
