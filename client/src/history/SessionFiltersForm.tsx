import { useState, type FormEvent } from 'react';
import { PRIORITIES, PRIORITY_MARKER, type AlarmPriority } from '../../../server/src/contract/alarms.ts';
import { OUTCOMES, type Outcome } from '../../../server/src/contract/history.ts';
import { SIDE_EFFECT_KINDS, SIDE_EFFECTS, type SideEffect } from '../../../server/src/contract/observations.ts';
import { PRIORITY_WORD } from '../alarms/alarm-history.ts';
import { severityName } from '../side-effects/side-effects.ts';
import { ChairFilter } from '../ui/ChairFilter.tsx';
import { SelectField, TextField } from '../ui/Field.tsx';
import { QuickPeriods } from './QuickPeriods.tsx';
import { MIN_SEVERITIES, NO_FILTERS, OUTCOME_WORD, type SessionFilters, type SessionSort } from './session-search.ts';
import './history.css';

interface SessionFiltersFormProps {
  filters: SessionFilters;
  chairs: readonly { id: number; name: string }[];
  /** The patient the results belong to, when the search is one patient's. */
  patientName: string | undefined;
  onApply(filters: SessionFilters): void;
}

/** Mount with `key` set to the applied filters, so going back in history shows them again. */
export function SessionFiltersForm({ filters, chairs, patientName, onApply }: SessionFiltersFormProps) {
  const [form, setForm] = useState(filters);
  const set = (change: Partial<SessionFilters>) => setForm({ ...form, ...change });
  const text = (key: 'patient' | 'prescriber') => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => set({ [key]: event.target.value }),
    testId: `session-filter-${key}`,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(form);
  }

  return (
    <form className="panel-form history-filters" onSubmit={submit} aria-label="Find sessions" data-testid="session-filters">
      <QuickPeriods
        choices={['last-7-days', 'last-30-days', 'this-quarter']}
        period={filters}
        onChoose={(period) => onApply({ ...form, ...period })}
        testIdPrefix="session-period"
      />
      <div className="form-row">
        <TextField
          label="Started from"
          type="date"
          value={form.from}
          onChange={(event) => set({ from: event.target.value })}
          testId="session-filter-from"
        />
        <TextField
          label="Started to"
          type="date"
          value={form.to}
          onChange={(event) => set({ to: event.target.value })}
          hint="Includes that day"
          testId="session-filter-to"
        />
        <ChairFilter value={form.chairId} chairs={chairs} onChange={(chairId) => set({ chairId })} testId="session-filter-chairId" />
        <TextField label="Patient" maxLength={80} hint="Part of the name, or the clinic ID" {...text('patient')} />
        <TextField label="Prescriber" maxLength={120} {...text('prescriber')} />
      </div>
      <div className="form-row">
        <SelectField
          label="Outcome"
          value={form.outcome}
          onChange={(event) => set({ outcome: event.target.value as Outcome | '' })}
          testId="session-filter-outcome"
        >
          <option value="">Any outcome</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_WORD[outcome]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Side effect"
          value={form.sideEffect}
          onChange={(event) => set({ sideEffect: event.target.value as SideEffect | '' })}
          testId="session-filter-sideEffect"
        >
          <option value="">Any side effect</option>
          {SIDE_EFFECT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {SIDE_EFFECTS[kind]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="At least"
          value={form.minSeverity}
          onChange={(event) => set({ minSeverity: event.target.value })}
          hint={form.sideEffect ? undefined : 'Of any side effect'}
          testId="session-filter-minSeverity"
        >
          <option value="">Any severity</option>
          {MIN_SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {severityName(Number(severity))}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Alarms"
          value={form.alarmPriority}
          onChange={(event) => set({ alarmPriority: event.target.value as AlarmPriority | '' })}
          hint="At least one of this priority"
          testId="session-filter-alarmPriority"
        >
          <option value="">With or without</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_MARKER[priority]} {PRIORITY_WORD[priority]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Order"
          value={form.sort}
          onChange={(event) => set({ sort: event.target.value as SessionSort })}
          testId="session-filter-sort"
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </SelectField>
      </div>
      {filters.patientId && (
        <p className="history-filter-note">
          Only the sessions of {patientName ?? 'one patient'}.{' '}
          <button
            type="button"
            className="button button-small"
            onClick={() => onApply({ ...form, patientId: '' })}
            data-testid="session-filter-patientId"
          >
            Every patient
          </button>
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="session-search-apply">
          Find sessions
        </button>
        <button type="button" className="button button-secondary" onClick={() => onApply(NO_FILTERS)} data-testid="session-search-clear">
          Clear filters
        </button>
      </div>
    </form>
  );
}
