import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { useNow } from './clock.ts';
import { formatAmount, formatDuration, infusionFraction } from './format.ts';

/** Time since the session started, and that time as a share of the planned infusion. */
export function SessionClock({ session, testIdPrefix }: { session: SessionSummary; testIdPrefix: string }) {
  const now = useNow();
  const endMs = session.endedAt ? Date.parse(session.endedAt) : now;
  const elapsedMs = endMs - Date.parse(session.startedAt);
  const percent = Math.floor(infusionFraction(elapsedMs, session.plannedDurationS) * 100);
  const plannedMin = formatAmount(session.plannedDurationS / 60);
  return (
    <div className="session-clock">
      <div className="elapsed">
        <span className="elapsed-label">Elapsed</span>{' '}
        <span className="elapsed-time" data-testid={`${testIdPrefix}-elapsed`}>
          {formatDuration(elapsedMs)}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Elapsed of planned ${plannedMin} min infusion`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid={`${testIdPrefix}-progress`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-text">
        {percent} % of {plannedMin} min
      </div>
    </div>
  );
}
