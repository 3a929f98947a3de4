import { useState, type FormEvent } from 'react';
import { PRIORITIES, PRIORITY_MARKER, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import { ChairFilter } from '../ui/ChairFilter.tsx';
import { SelectField, TextField } from '../ui/Field.tsx';
import { DEFAULT_FILTERS, isWindowShown, PRIORITY_WORD, WINDOW_HOURS, type AlarmFilters, type WindowHours } from './alarm-history.ts';
import './alarm-pages.css';

const WINDOW_LABELS: Record<WindowHours, string> = { 12: 'This shift (12 h)', 24: 'Last 24 h' };

interface AlarmHistoryFiltersProps {
  filters: AlarmFilters;
  chairs: readonly { id: number; name: string }[];
  onApply(filters: AlarmFilters): void;
}

/** Mount with `key` set to the applied filters, so going back in history shows them again. */
export function AlarmHistoryFilters({ filters, chairs, onApply }: AlarmHistoryFiltersProps) {
  const [form, setForm] = useState(filters);
  const set = (change: Partial<AlarmFilters>) => setForm({ ...form, ...change });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(form);
  }

  return (
    <form className="panel-form" onSubmit={submit} aria-label="Filter the alarms" data-testid="alarm-filters">
      <div className="quick-windows" role="group" aria-label="Time window">
        {WINDOW_HOURS.map((hours) => (
          <button
            key={hours}
            type="button"
            className="button"
            aria-pressed={isWindowShown(filters, hours)}
            onClick={() => onApply({ ...form, hours, from: '', to: '' })}
            data-testid={`alarm-window-${hours}`}
          >
            {WINDOW_LABELS[hours]}
          </button>
        ))}
      </div>
      <div className="form-row">
        <TextField
          label="From"
          type="datetime-local"
          value={form.from}
          onChange={(event) => set({ from: event.target.value })}
          hint={`Empty: ${form.hours} h before “To”, or before now`}
          testId="alarm-filter-from"
        />
        <TextField
          label="To"
          type="datetime-local"
          value={form.to}
          onChange={(event) => set({ to: event.target.value })}
          hint="Empty: now"
          testId="alarm-filter-to"
        />
        <ChairFilter value={form.chairId} chairs={chairs} onChange={(chairId) => set({ chairId })} testId="alarm-filter-chair" />
        <SelectField
          label="Priority"
          value={form.priority}
          onChange={(event) => set({ priority: event.target.value as AlarmPriority | '' })}
          testId="alarm-filter-priority"
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_MARKER[priority]} {PRIORITY_WORD[priority]}
            </option>
          ))}
        </SelectField>
        <label className="check-field">
          <input
            type="checkbox"
            checked={form.activeOnly}
            onChange={(event) => set({ activeOnly: event.target.checked })}
            data-testid="alarm-filter-active"
          />
          Still active only
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="alarm-filters-apply">
          Show alarms
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onApply(DEFAULT_FILTERS)}
          data-testid="alarm-filters-clear"
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
