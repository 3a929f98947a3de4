import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useBoard } from '../live/hooks.tsx';
import { describeWindow, filtersFromSearch, searchFromFilters } from './alarm-history.ts';
import { useAlarmHistory } from './alarm-pages-api.ts';
import { AlarmHistoryList } from './AlarmHistory.tsx';
import { AlarmHistoryFilters } from './AlarmHistoryFilters.tsx';
import './alarm-pages.css';

/** The shift's alarms, newest first; the filters live in the URL, so a view can be shared. */
export function AlarmHistoryPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const history = useAlarmHistory({ filters });
  const { chairs } = useBoard();
  const chairName = (chairId: number) => chairs.find((chair) => chair.id === chairId)?.name ?? `Chair ${chairId}`;

  return (
    <section className="admin-page" aria-labelledby="alarms-title">
      <title>Alarms — Chairside</title>
      <h1 id="alarms-title">Alarms</h1>
      <AlarmHistoryFilters
        key={search.toString()}
        filters={filters}
        chairs={chairs}
        onApply={(next) => setSearch(searchFromFilters(next))}
      />
      <p className="alarm-window" data-testid="alarm-window">
        {describeWindow(filters)}
      </p>
      <AlarmHistoryList history={history} chairName={chairName} emptyText="No alarms match these filters." testId="alarm-history" />
    </section>
  );
}
