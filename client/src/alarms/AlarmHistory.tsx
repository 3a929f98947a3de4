import { useId, useMemo } from 'react';
import { errorMessage } from '../ui/field-errors.ts';
import { useAlarmHistory } from './alarm-pages-api.ts';
import { AlarmHistoryTable } from './AlarmHistoryTable.tsx';

interface AlarmHistoryListProps {
  history: ReturnType<typeof useAlarmHistory>;
  chairName?: (chairId: number) => string;
  /** Said when no alarm matches. */
  emptyText: string;
  testId: string;
}

/** The alarms read so far, and a button for the next, older page. */
export function AlarmHistoryList({ history, chairName, emptyText, testId }: AlarmHistoryListProps) {
  const alarms = useMemo(() => history.data?.pages.flatMap((page) => page.alarms), [history.data]);
  if (alarms === undefined) {
    return history.isError ? (
      <p className="page-message" role="alert">
        {errorMessage(history.error)}
      </p>
    ) : (
      <p className="page-message">Loading alarms…</p>
    );
  }
  if (alarms.length === 0) {
    return (
      <p className="page-message" data-testid={`${testId}-empty`}>
        {emptyText}
      </p>
    );
  }
  return (
    <>
      <AlarmHistoryTable alarms={alarms} chairName={chairName} />
      {history.isFetchNextPageError && (
        <p className="form-error" role="alert">
          {errorMessage(history.error)}
        </p>
      )}
      {history.hasNextPage ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
          data-testid={`${testId}-more`}
        >
          {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <p className="page-message" data-testid={`${testId}-end`}>
          No older alarms.
        </p>
      )}
    </>
  );
}

/** Every alarm of one session, newest first: for the chair page and a closed session. */
export function SessionAlarmHistory({ sessionId }: { sessionId: string }) {
  const history = useAlarmHistory({ sessionId });
  const titleId = useId();
  return (
    <section className="chair-section" aria-labelledby={titleId} data-testid="session-alarms">
      <h2 id={titleId}>Alarms</h2>
      <AlarmHistoryList history={history} emptyText="No alarms in this session." testId="session-alarms" />
    </section>
  );
}
