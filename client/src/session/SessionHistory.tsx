import type { SessionDetail } from '../../../server/src/contract/sessions.ts';
import { formatAmount, formatClockTime, PHASE_LABELS } from '../ui/format.ts';

/** Every phase and rate change of the session: when, what, who, why. */
export function SessionHistory({ history }: { history: SessionDetail['history'] }) {
  if (history.length === 0) return null;
  return (
    <section className="session-history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol data-testid="session-history">
        {history.map((change, index) => (
          <li key={index}>
            <time dateTime={change.at}>{formatClockTime(Date.parse(change.at))}</time>{' '}
            {change.kind === 'phase'
              ? `${change.fromPhase ? `${PHASE_LABELS[change.fromPhase]} → ` : ''}${change.toPhase ? PHASE_LABELS[change.toPhase] : ''}`
              : `Rate ${formatAmount(change.rateMgPerH ?? 0)} mg/h`}
            {change.reason && <span className="history-reason"> — {change.reason}</span>}
            <span className="log-by"> · {change.byName}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
