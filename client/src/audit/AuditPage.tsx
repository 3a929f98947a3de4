import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditPage as AuditEventsPage } from '../../../server/src/contract/auth.ts';
import { getJson } from '../app/http.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { auditPath, filtersFromSearch, searchFromFilters } from './audit-query.ts';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';
import { AuditTable } from './AuditTable.tsx';

/** Who did what and when, newest first; the filters live in the URL, so a view can be shared. */
export function AuditPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const events = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => getJson<AuditEventsPage>(auditPath(filters, pageParam), signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  const rows = useMemo(() => events.data?.pages.flatMap((page) => page.events), [events.data]);

  return (
    <section className="admin-page" aria-labelledby="audit-title">
      <title>Audit trail — Chairside</title>
      <h1 id="audit-title">Audit trail</h1>
      <AuditFiltersForm key={search.toString()} filters={filters} onApply={(next) => setSearch(searchFromFilters(next))} />
      {rows === undefined ? (
        events.isError ? (
          <p className="page-message" role="alert">
            {errorMessage(events.error)}
          </p>
        ) : (
          <p className="page-message">Loading the audit trail…</p>
        )
      ) : rows.length === 0 ? (
        <p className="page-message" data-testid="audit-empty">
          No events match these filters.
        </p>
      ) : (
        <>
          <AuditTable events={rows} />
          {events.isFetchNextPageError && (
            <p className="form-error" role="alert">
              {errorMessage(events.error)}
            </p>
          )}
          {events.hasNextPage ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={events.isFetchingNextPage}
              onClick={() => void events.fetchNextPage()}
              data-testid="audit-older"
            >
              {events.isFetchingNextPage ? 'Loading…' : 'Older'}
            </button>
          ) : (
            <p className="page-message" data-testid="audit-end">
              No older events.
            </p>
          )}
        </>
      )}
    </section>
  );
}
