import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { useBoard } from '../live/hooks.tsx';
import { useSessionSearch } from './history-api.ts';
import { describePeriod } from './period.ts';
import { filtersFromSearch, searchFromFilters, sessionsCsvPath } from './session-search.ts';
import { SessionFiltersForm } from './SessionFiltersForm.tsx';
import { SessionResults } from './SessionResults.tsx';
import './history.css';

/** Past and present sessions, found by date, chair, patient, outcome, side effects and alarms; the
 * filters live in the URL, so a search can be shared. */
export function SessionSearchPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const results = useSessionSearch(filters);
  const { chairs } = useBoard();
  const { role } = useSignedIn().user;
  const chairName = (chairId: number) => chairs.find((chair) => chair.id === chairId)?.name ?? `Chair ${chairId}`;
  const patient = filters.patientId ? results.data?.pages[0]?.sessions[0]?.patient : undefined;

  return (
    <section className="admin-page history-page" aria-labelledby="sessions-title" data-testid="session-search">
      <title>Sessions — Chairside</title>
      <header className="history-header">
        <h1 id="sessions-title">Sessions</h1>
        {can(role, 'export-session') && (
          <a className="button button-secondary" href={sessionsCsvPath(filters)} download data-testid="export-sessions-csv">
            Export CSV
          </a>
        )}
      </header>
      <SessionFiltersForm
        key={search.toString()}
        filters={filters}
        chairs={chairs}
        patientName={patient && `${patient.givenName} ${patient.familyName} (${patient.clinicId})`}
        onApply={(next) => setSearch(searchFromFilters(next))}
      />
      <p className="history-window" data-testid="session-search-period">
        Started: {describePeriod(filters)} · {filters.sort === 'newest' ? 'newest' : 'oldest'} first
      </p>
      <SessionResults results={results} chairName={chairName} />
    </section>
  );
}
