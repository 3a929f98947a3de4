import { useState, type FormEvent } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { formatAmount } from '../ui/format.ts';
import { useRateChange } from './session-api.ts';

/** A new pump rate, with why (a side effect, the prescriber's order). */
export function RateChangeForm({ session, reason = '', onDone }: { session: SessionSummary; reason?: string; onDone(): void }) {
  const change = useRateChange(session.id);
  const [rate, setRate] = useState('');
  const [why, setWhy] = useState(reason);
  const [missing, setMissing] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const rateMgPerH = Number(rate.trim().replace(',', '.'));
    if (!rate.trim() || !Number.isFinite(rateMgPerH)) return setMissing('rateMgPerH');
    if (!why.trim()) return setMissing('reason');
    setMissing(null);
    change.mutate({ rateMgPerH, reason: why.trim() }, { onSuccess: onDone });
  }

  return (
    <form className="action-panel" onSubmit={submit} noValidate aria-label="Change rate" data-testid="rate-form">
      <FormError message={formError(change.error, ['rateMgPerH', 'reason'])} />
      <div className="form-row">
        <TextField
          label="New rate (mg/h)"
          inputMode="decimal"
          autoComplete="off"
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          hint={`Now ${formatAmount(session.rateMgPerH)} mg/h`}
          error={missing === 'rateMgPerH' ? 'Enter the new rate in mg/h' : fieldError(change.error, 'rateMgPerH')}
          testId="rate-new"
        />
        <TextField
          label="Reason"
          autoComplete="off"
          value={why}
          onChange={(event) => setWhy(event.target.value)}
          error={missing === 'reason' ? 'Say why the rate changes' : fieldError(change.error, 'reason')}
          testId="rate-reason"
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={change.isPending} data-testid="rate-save">
          Change rate
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
