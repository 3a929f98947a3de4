import { useEffect, useState } from 'react';
import { errorMessage } from '../ui/field-errors.ts';
import { TextField } from '../ui/Field.tsx';
import type { PatientMatch } from '../../../server/src/contract/sessions.ts';
import { SEARCH_MIN_LENGTH, usePatientSearch } from './patients-api.ts';
import type { StartForm } from './start-form.ts';

/** Typing pauses this long before the search is sent. */
const SEARCH_DELAY_MS = 250;

interface PatientPickerProps {
  form: StartForm;
  onPick(patient: PatientMatch): void;
  onChange(change: Partial<StartForm>): void;
  /** The message for an input, by the name the server gives it (`patient.clinicId`…). */
  errorOf(field: string): string | undefined;
}

/** The patient in the chair: found by name or clinic ID, or added. */
export function PatientPicker({ form, onPick, onChange, errorOf }: PatientPickerProps) {
  if (form.patient) {
    const { givenName, familyName, clinicId, birthDate, sessionCount } = form.patient;
    return (
      <div className="patient-picked" data-testid="patient-picked">
        <p>
          <strong>
            {givenName} {familyName}
          </strong>{' '}
          · Clinic ID {clinicId}
          {birthDate && ` · born ${birthDate}`} · {sessionCount === 1 ? '1 infusion' : `${sessionCount} infusions`} so far
        </p>
        <button type="button" className="button button-secondary" onClick={() => onChange({ patient: null })} data-testid="patient-change">
          Change patient
        </button>
      </div>
    );
  }
  if (form.addingPatient) {
    const set = (change: Partial<StartForm['newPatient']>) => onChange({ newPatient: { ...form.newPatient, ...change } });
    return (
      <div className="patient-new">
        <div className="form-row">
          <TextField
            label="Given name"
            autoComplete="off"
            value={form.newPatient.givenName}
            onChange={(event) => set({ givenName: event.target.value })}
            error={errorOf('patient.givenName')}
            testId="patient-given-name"
          />
          <TextField
            label="Family name"
            autoComplete="off"
            value={form.newPatient.familyName}
            onChange={(event) => set({ familyName: event.target.value })}
            error={errorOf('patient.familyName')}
            testId="patient-family-name"
          />
          <TextField
            label="Clinic ID"
            autoComplete="off"
            value={form.newPatient.clinicId}
            onChange={(event) => set({ clinicId: event.target.value })}
            hint="MRN or the clinic's patient number"
            error={errorOf('patient.clinicId')}
            testId="patient-clinic-id"
          />
          <TextField
            label="Date of birth"
            type="date"
            value={form.newPatient.birthDate}
            onChange={(event) => set({ birthDate: event.target.value })}
            error={errorOf('patient.birthDate')}
            testId="patient-birth-date"
          />
        </div>
        <button type="button" className="button button-secondary" onClick={() => onChange({ addingPatient: false })}>
          Search instead
        </button>
      </div>
    );
  }
  return <PatientSearch onPick={onPick} onAdd={() => onChange({ addingPatient: true })} error={errorOf('patient')} />;
}

function PatientSearch({ onPick, onAdd, error }: { onPick(patient: PatientMatch): void; onAdd(): void; error: string | undefined }) {
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const found = usePatientSearch(search);
  const patients = found.data?.patients;
  return (
    <div className="patient-search">
      <TextField
        label="Find the patient"
        type="search"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        hint={`Name or clinic ID, at least ${SEARCH_MIN_LENGTH} characters`}
        error={error}
        testId="patient-search"
      />
      {found.isError && <p className="form-error">{errorMessage(found.error)}</p>}
      {patients && patients.length === 0 && <p className="form-notice">No patient found.</p>}
      {patients && patients.length > 0 && (
        <ul className="patient-results">
          {patients.map((patient) => (
            <li key={patient.id}>
              <button type="button" className="button patient-result" onClick={() => onPick(patient)} data-testid="patient-result">
                {patient.givenName} {patient.familyName} · {patient.clinicId}
                {patient.birthDate && ` · born ${patient.birthDate}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button" onClick={onAdd} data-testid="patient-new">
        New patient
      </button>
    </div>
  );
}
