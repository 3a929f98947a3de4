import { useState, type FormEvent } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { PRESCRIPTION_LIMITS } from '../../../server/src/contract/sessions.ts';
import { useBoard } from '../live/hooks.tsx';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { formatAmount } from '../ui/format.ts';
import { PatientPicker } from './PatientPicker.tsx';
import { useStartSession } from './session-api.ts';
import { EMPTY_START_FORM, prescriptionPreview, startRequest, withPatient, type StartForm } from './start-form.ts';

/** Inputs the server may name in its reply; anything else shows above the form. */
const FIELDS = [
  'patient',
  'patient.givenName',
  'patient.familyName',
  'patient.clinicId',
  'patient.birthDate',
  'weightKg',
  'doseMgPerKg',
  'plannedMinutes',
  'seriesNumber',
  'prescriber',
  'notes',
];

export function StartSessionPage() {
  const chairId = Number(useParams().chairId);
  const { loaded, chairs } = useBoard();
  const chair = chairs.find((c) => c.id === chairId);
  if (!loaded) return <p className="page-message">Loading chair…</p>;
  if (!chair) {
    return (
      <p className="page-message">
        No such chair. <Link to="/">Back to the board</Link>
      </p>
    );
  }
  // Once started (the reply shows at once), or started by a colleague meanwhile: the chair's page.
  if (chair.activeSession) return <Navigate to={`/chairs/${chairId}`} replace />;
  if (!chair.inService) {
    return (
      <p className="page-message" role="alert">
        {chair.name} is out of service. <Link to="/">Back to the board</Link>
      </p>
    );
  }
  return <StartSessionForm chairId={chairId} chairName={chair.name} />;
}

/** A new session on a free chair: the patient, the prescription, and the dose and rate it works
 * out to, shown before starting. */
function StartSessionForm({ chairId, chairName }: { chairId: number; chairName: string }) {
  const start = useStartSession();
  const [form, setForm] = useState<StartForm>(EMPTY_START_FORM);
  const [missing, setMissing] = useState<{ field: string; message: string } | null>(null);
  const change = (next: Partial<StartForm>) => setForm({ ...form, ...next });
  const errorOf = (field: string) => (missing?.field === field ? missing.message : fieldError(start.error, field));
  const preview = prescriptionPreview(form);

  function submit(event: FormEvent) {
    event.preventDefault();
    const request = startRequest(chairId, form);
    setMissing(request.ok ? null : request);
    if (request.ok) start.mutate(request.input);
  }

  return (
    <form className="start-page panel-form" onSubmit={submit} noValidate aria-labelledby="start-title" data-testid="start-session-form">
      <title>{`Start session, ${chairName} — Chairside`}</title>
      <h1 id="start-title">Start session — {chairName}</h1>
      <FormError message={formError(start.error, FIELDS)} testId="start-error" />
      <fieldset className="form-section">
        <legend>Patient</legend>
        <PatientPicker form={form} onPick={(patient) => setForm(withPatient(form, patient))} onChange={change} errorOf={errorOf} />
      </fieldset>
      <fieldset className="form-section">
        <legend>Prescription</legend>
        <div className="form-row">
          <TextField
            label="Weight (kg)"
            inputMode="decimal"
            autoComplete="off"
            value={form.weightKg}
            onChange={(event) => change({ weightKg: event.target.value })}
            error={errorOf('weightKg')}
            testId="start-weight"
          />
          <TextField
            label="Dose (mg/kg)"
            inputMode="decimal"
            autoComplete="off"
            value={form.doseMgPerKg}
            onChange={(event) => change({ doseMgPerKg: event.target.value })}
            error={errorOf('doseMgPerKg')}
            testId="start-dose"
          />
          <TextField
            label="Planned time (min)"
            inputMode="numeric"
            autoComplete="off"
            value={form.plannedMinutes}
            onChange={(event) => change({ plannedMinutes: event.target.value })}
            error={errorOf('plannedMinutes')}
            testId="start-minutes"
          />
          <TextField
            label="Infusion number"
            inputMode="numeric"
            autoComplete="off"
            value={form.seriesNumber}
            onChange={(event) => change({ seriesNumber: event.target.value })}
            hint={`Infusion ${form.seriesNumber || '…'} of ${PRESCRIPTION_LIMITS.seriesLength}`}
            error={errorOf('seriesNumber')}
            testId="start-series-number"
          />
          <TextField
            label="Prescriber"
            autoComplete="off"
            value={form.prescriber}
            onChange={(event) => change({ prescriber: event.target.value })}
            error={errorOf('prescriber')}
            testId="start-prescriber"
          />
        </div>
        <TextField
          label="Notes"
          autoComplete="off"
          value={form.notes}
          onChange={(event) => change({ notes: event.target.value })}
          error={errorOf('notes')}
          testId="start-notes"
        />
      </fieldset>
      <dl className="prescription start-preview" aria-live="polite">
        <div>
          <dt>Planned dose</dt>
          <dd data-testid="start-planned-dose">{preview ? `${formatAmount(preview.doseMg)} mg` : '—'}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd data-testid="start-rate">{preview ? `${formatAmount(preview.rateMgPerH)} mg/h` : '—'}</dd>
        </div>
      </dl>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-big" disabled={start.isPending} data-testid="start-submit">
          {preview ? `Start session: ${formatAmount(preview.doseMg)} mg at ${formatAmount(preview.rateMgPerH)} mg/h` : 'Start session'}
        </button>
        <Link to="/" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
