/** The audit trail's filters, as typed into the form and kept in the page's URL. `from` and `to`
 * are local date-times (`2025-01-06T14:05`, the value of a datetime-local input). */
export interface AuditFilters {
  from: string;
  to: string;
  username: string;
  action: string;
  entity: string;
  entityId: string;
}

const FILTER_KEYS: readonly (keyof AuditFilters)[] = ['from', 'to', 'username', 'action', 'entity', 'entityId'];

export const AUDIT_PAGE_SIZE = 50;

export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, search.get(key) ?? ''])) as unknown as AuditFilters;
}

/** The filters for the URL: only those filled in. */
export function searchFromFilters(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) search.set(key, value);
  }
  return search;
}

/** The API read of one page of events, older than the event `before` when given. */
export function auditPath(filters: AuditFilters, before?: number): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (!value) continue;
    if (key === 'from' || key === 'to') {
      const ms = Date.parse(value); // a date-time without a zone is local time
      if (Number.isFinite(ms)) query.set(key, new Date(ms).toISOString());
    } else {
      query.set(key, value);
    }
  }
  if (before !== undefined) query.set('before', String(before));
  query.set('limit', String(AUDIT_PAGE_SIZE));
  return `/api/audit?${query}`;
}

/** A stored before/after state, indented for reading; text that is not JSON is shown as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
