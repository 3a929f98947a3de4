import { useState, type FormEvent } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { useTransition } from './session-api.ts';

/** Ends the session early: a reason, then a confirming tap (it cannot be undone). */
export function AbortForm({ session, onDone }: { session: SessionSummary; onDone(): void }) {
  const abort = useTransition(session.id);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(!reason.trim());
    if (reason.trim()) abort.mutate({ to: 'aborted', reason: reason.trim() }, { onSuccess: onDone });
  }

  return (
    <form className="action-panel action-panel-danger" onSubmit={submit} noValidate aria-label="Abort session" data-testid="abort-form">
      <p className="action-question">Abort the session for {session.patientInitials}? It cannot be resumed.</p>
      <FormError message={formError(abort.error, ['reason'])} />
      <TextField
        label="Reason"
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={missing ? 'Say why the session is aborted' : fieldError(abort.error, 'reason')}
        testId="abort-reason"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={abort.isPending} data-testid="abort-confirm">
          Abort session
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Keep the session
        </button>
      </div>
    </form>
  );
}
