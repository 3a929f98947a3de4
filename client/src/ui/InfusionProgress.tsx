import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { useNow } from './clock.ts';
import { sessionDose } from '../../../server/src/clinical/dose.ts';
import { doseText } from './dose.ts';
import { formatDuration } from './format.ts';

/** Time since the session started, the dose delivered of the planned dose (ticking while the pump
 * runs) and the time left at the current rate. */
export function InfusionProgress({ session, testIdPrefix }: { session: SessionSummary; testIdPrefix: string }) {
  const now = useNow();
  const endMs = session.endedAt ? Date.parse(session.endedAt) : now;
  const dose = sessionDose(session, now);
  const percent = Math.floor(dose.percent);
  return (
    <div className="session-clock">
      <div className="elapsed">
        <span className="elapsed-label">Elapsed</span>{' '}
        <span className="elapsed-time" data-testid={`${testIdPrefix}-elapsed`}>
          {formatDuration(endMs - Date.parse(session.startedAt))}
        </span>
      </div>
      {dose.remainingS !== null && (
        <div className="time-left">
          <span data-testid={`${testIdPrefix}-time-left`}>{formatDuration(dose.remainingS * 1000)}</span> left
        </div>
      )}
      <div className="dose-text" data-testid={`${testIdPrefix}-dose`}>
        {doseText(dose, session.plannedDoseMg)}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Planned dose delivered"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid={`${testIdPrefix}-progress`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
