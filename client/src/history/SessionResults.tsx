import { useMemo, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SessionListItem } from '../../../server/src/contract/history.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { formatDateTime } from '../ui/format.ts';
import { AlarmCounts } from './AlarmCounts.tsx';
import type { useSessionSearch } from './history-api.ts';
import { doseText, outcomeText, painText, sideEffectsText } from './session-search.ts';
import './history.css';

interface SessionResultsProps {
  results: ReturnType<typeof useSessionSearch>;
  chairName(chairId: number): string;
}

/** The sessions found so far, and a button for the next page. */
export function SessionResults({ results, chairName }: SessionResultsProps) {
  const sessions = useMemo(() => results.data?.pages.flatMap((page) => page.sessions), [results.data]);
  if (sessions === undefined) {
    return results.isError ? (
      <p className="page-message" role="alert">
        {errorMessage(results.error)}
      </p>
    ) : (
      <p className="page-message">Finding sessions…</p>
    );
  }
  if (sessions.length === 0) {
    return (
      <p className="page-message" data-testid="session-results-empty">
        No sessions match these filters.
      </p>
    );
  }
  return (
    <>
      <div className="table-scroll">
        <table className="data-table session-results" data-testid="session-results">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Chair</th>
              <th scope="col">Patient</th>
              <th scope="col">Series</th>
              <th scope="col">Outcome</th>
              <th scope="col">Dose</th>
              <th scope="col">Pain before → after</th>
              <th scope="col">Side effects</th>
              <th scope="col">Alarms</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} chairName={chairName} />
            ))}
          </tbody>
        </table>
      </div>
      {results.isFetchNextPageError && (
        <p className="form-error" role="alert">
          {errorMessage(results.error)}
        </p>
      )}
      {results.hasNextPage ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={results.isFetchingNextPage}
          onClick={() => void results.fetchNextPage()}
          data-testid="session-search-more"
        >
          {results.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <p className="page-message" data-testid="session-search-end">
          {sessions.length === 1 ? '1 session.' : `All ${sessions.length} sessions shown.`}
        </p>
      )}
    </>
  );
}

function SessionRow({ session, chairName }: { session: SessionListItem; chairName(chairId: number): string }) {
  const navigate = useNavigate();
  const reviewPath = `/sessions/${encodeURIComponent(session.id)}`;
  const { patient } = session;
  // The whole row opens the review for a pointer; the link in the first cell is the way for a
  // keyboard, and a click on any link keeps to that link.
  function open(event: MouseEvent) {
    if (event.target instanceof Element && event.target.closest('a, button')) return;
    void navigate(reviewPath);
  }
  return (
    <tr className="clickable-row" onClick={open} data-testid={`session-row-${session.id}`}>
      <td className="cell-nowrap">
        <Link to={reviewPath}>
          <time dateTime={session.startedAt}>{formatDateTime(Date.parse(session.startedAt))}</time>
        </Link>
      </td>
      <td className="cell-nowrap">{chairName(session.chairId)}</td>
      <td>
        <Link to={`/patients/${encodeURIComponent(patient.id)}/series`}>
          {patient.givenName} {patient.familyName}
        </Link>
        <div className="cell-note cell-nowrap">{patient.clinicId}</div>
      </td>
      <td className="cell-nowrap">
        {session.seriesNumber}/{session.seriesLength}
      </td>
      <td>{outcomeText(session)}</td>
      <td className="cell-nowrap">{doseText(session.doseMgPerKg, session.plannedDoseMg)}</td>
      <td className="cell-nowrap">{painText(session.painBefore, session.painAfter)}</td>
      <td className="cell-nowrap">
        {session.worstSeverity !== null && session.sideEffects > 0 && (
          <span className={`severity-mark severity-${session.worstSeverity}`} aria-hidden="true" />
        )}{' '}
        {sideEffectsText(session.sideEffects, session.worstSeverity)}
      </td>
      <td className="cell-nowrap">
        <AlarmCounts alarms={session.alarms} />
      </td>
    </tr>
  );
}
