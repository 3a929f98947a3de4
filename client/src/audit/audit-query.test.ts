import { describe, expect, it } from 'vitest';
import { auditPath, filtersFromSearch, prettyJson, searchFromFilters, type AuditFilters } from './audit-query.ts';

const none: AuditFilters = { from: '', to: '', username: '', action: '', entity: '', entityId: '' };

describe('audit query', () => {
  it('reads only the newest page when nothing is filtered', () => {
    expect(auditPath(none)).toBe('/api/audit?limit=50');
  });

  it('sends the filled-in filters, local date-times as instants, and the cursor for older events', () => {
    const from = '2025-01-06T08:00';
    const path = auditPath({ ...none, from, username: ' kim ', action: 'session.' }, 1234);
    const query = new URL(path, 'http://chairside.test').searchParams;
    expect(query.get('from')).toBe(new Date(2025, 0, 6, 8, 0).toISOString());
    expect(query.get('to')).toBeNull();
    expect(query.get('username')).toBe('kim');
    expect(query.get('action')).toBe('session.');
    expect(query.get('before')).toBe('1234');
  });

  it('leaves out a date it cannot read', () => {
    expect(auditPath({ ...none, to: 'yesterday' })).toBe('/api/audit?limit=50');
  });

  it('keeps the filters in the URL and reads them back', () => {
    const filters = { ...none, entity: 'user', entityId: 'u-7' };
    const search = searchFromFilters(filters);
    expect(search.toString()).toBe('entity=user&entityId=u-7');
    expect(filtersFromSearch(search)).toEqual(filters);
  });

  it('indents a stored state for reading and shows other text as it is', () => {
    expect(prettyJson('{"role":"nurse"}')).toBe('{\n  "role": "nurse"\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});
