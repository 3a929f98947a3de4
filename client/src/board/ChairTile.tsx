import { memo } from 'react';
import { Link } from 'react-router';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { useNow } from '../ui/clock.ts';
import { NO_DATA_WARNING_AFTER_MS } from '../ui/format.ts';
import { NoDataWarning } from '../ui/NoDataWarning.tsx';
import { PhaseBadge } from '../ui/PhaseBadge.tsx';
import { SessionClock } from '../ui/SessionClock.tsx';
import { VitalReadings } from '../ui/VitalReadings.tsx';

/** One chair on the board, patient shown by initials only. For a role that may open the chair
 * page (`linked`), the whole tile opens it. */
export const ChairTile = memo(function ChairTile({ chair, linked }: { chair: ChairSnapshot; linked: boolean }) {
  const session = chair.activeSession;
  const id = chair.id;
  return (
    <article
      className={session ? 'tile' : 'tile tile-idle'}
      data-testid={`chair-tile-${id}`}
      aria-labelledby={`chair-${id}-name`}
    >
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
      {session ? (
        <>
          <SessionClock session={session} testIdPrefix={`chair-${id}`} />
          <NoDataWarning since={chair.lastSampleAt ?? session.startedAt} testId={`chair-${id}-no-data`} />
          <VitalReadings chairId={id} latest={chair.latest} />
        </>
      ) : (
        <>
          <p className="idle-text">No active session</p>
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
  if (chair.lastSampleAt === null || now - Date.parse(chair.lastSampleAt) > NO_DATA_WARNING_AFTER_MS) return null;
  return <VitalReadings chairId={chair.id} latest={chair.latest} />;
}
