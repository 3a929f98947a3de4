import { useState, type FormEvent } from 'react';
import { TextField } from '../ui/Field.tsx';
import type { AuditFilters } from './audit-query.ts';

const EMPTY: AuditFilters = { from: '', to: '', username: '', action: '', entity: '', entityId: '' };

/** Mount with `key` set to the applied filters, so going back in history shows them again. */
export function AuditFiltersForm({ filters, onApply }: { filters: AuditFilters; onApply(filters: AuditFilters): void }) {
  const [form, setForm] = useState(filters);
  const field = (key: keyof AuditFilters) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
    testId: `audit-filter-${key}`,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(form);
  }

  return (
    <form className="panel-form" onSubmit={submit} aria-label="Filter the audit trail" data-testid="audit-filters">
      <div className="form-row">
        <TextField label="From" type="datetime-local" {...field('from')} />
        <TextField label="To" type="datetime-local" {...field('to')} />
        <TextField label="User" autoCapitalize="none" spellCheck={false} hint="Username" {...field('username')} />
        <TextField
          label="Action"
          autoCapitalize="none"
          spellCheck={false}
          hint="Exact, or the start ending in a dot, e.g. session."
          {...field('action')}
        />
        <TextField label="Entity" autoCapitalize="none" spellCheck={false} hint="e.g. user, session" {...field('entity')} />
        <TextField label="Entity ID" autoCapitalize="none" spellCheck={false} {...field('entityId')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="audit-apply">
          Show events
        </button>
        <button type="button" className="button button-secondary" onClick={() => onApply(EMPTY)} data-testid="audit-clear">
          Clear filters
        </button>
      </div>
    </form>
  );
}
