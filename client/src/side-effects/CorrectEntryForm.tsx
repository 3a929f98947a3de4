import { useState, type FormEvent } from 'react';
import type { Observation } from '../../../server/src/contract/observations.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { ScoreButtons } from '../ui/ScoreButtons.tsx';
import { MOAAS_SCORES, moaasText } from '../ui/scores.ts';
import { useAmendSideEffect } from './side-effects-api.ts';
import { severityFromMoaas, severityName, SEVERITY_LEVELS } from './side-effects.ts';

/** A correction (severity or MOAA/S, note) or a strike-through, always with a reason. */
export function CorrectEntryForm({ observation, strike, onDone }: { observation: Observation; strike: boolean; onDone(): void }) {
  const amend = useAmendSideEffect();
  const sedation = observation.kind === 'sedation';
  const [severity, setSeverity] = useState(observation.severity);
  const [sedationScore, setSedationScore] = useState(observation.sedationScore);
  const [note, setNote] = useState(observation.note ?? '');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(!reason.trim());
    if (!reason.trim()) return;
    const change = strike
      ? { reason: reason.trim(), struck: true as const }
      : {
          reason: reason.trim(),
          ...(sedation && sedationScore !== null ? { sedationScore, severity: severityFromMoaas(sedationScore) } : { severity }),
          ...(note.trim() && note.trim() !== observation.note ? { note: note.trim() } : {}),
        };
    amend.mutate({ id: observation.id, change }, { onSuccess: onDone });
  }

  return (
    <form
      className="action-panel"
      onSubmit={submit}
      noValidate
      aria-label={strike ? 'Strike through' : 'Correct'}
      data-testid="side-effect-amend-form"
    >
      <FormError message={formError(amend.error, ['reason'])} />
      {!strike &&
        (sedation ? (
          <ScoreButtons
            label="MOAA/S"
            scores={MOAAS_SCORES}
            value={sedationScore}
            onChange={setSedationScore}
            describe={moaasText}
            testIdPrefix="amend-moaas"
          />
        ) : (
          <ScoreButtons
            label="Severity"
            scores={SEVERITY_LEVELS}
            value={severity}
            onChange={setSeverity}
            describe={severityName}
            testIdPrefix="amend-severity"
          />
        ))}
      {!strike && (
        <TextField label="Note" autoComplete="off" value={note} onChange={(event) => setNote(event.target.value)} testId="amend-note" />
      )}
      <TextField
        label={strike ? 'Why strike it through' : 'Why the correction'}
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={missing ? 'A reason is required' : fieldError(amend.error, 'reason')}
        testId="amend-reason"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={amend.isPending} data-testid="amend-save">
          {strike ? 'Strike through' : 'Save correction'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
