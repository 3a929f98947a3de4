import { describe, expect, it } from 'vitest';
import { EMPTY_START_FORM, prescriptionPreview, startRequest, withPatient, type StartForm } from './start-form.ts';
import type { PatientMatch } from '../../../server/src/contract/sessions.ts';

const known: PatientMatch = {
  id: 'p1',
  clinicId: 'MRN-7',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1980-12-10',
  sessionCount: 2,
  lastWeightKg: 64,
};

describe('the start form', () => {
  it('starts from the usual prescription: 0.5 mg/kg over 40 min', () => {
    expect(EMPTY_START_FORM).toMatchObject({ doseMgPerKg: '0.5', plannedMinutes: '40', seriesNumber: '1' });
  });

  it('fills in the next infusion of the series and the last weight for a known patient', () => {
    expect(withPatient(EMPTY_START_FORM, known)).toMatchObject({ seriesNumber: '3', weightKg: '64', patient: known });
    expect(withPatient({ ...EMPTY_START_FORM, weightKg: '66' }, known).weightKg).toBe('66');
  });

  it('shows the planned dose and rate once weight, dose and time are numbers', () => {
    expect(prescriptionPreview({ ...EMPTY_START_FORM, weightKg: '80' })).toEqual({ doseMg: 40, rateMgPerH: 60 });
    expect(prescriptionPreview({ ...EMPTY_START_FORM, weightKg: '72,5', plannedMinutes: '60' })).toEqual({
      doseMg: 36.3,
      rateMgPerH: 36.3,
    });
    expect(prescriptionPreview({ ...EMPTY_START_FORM, weightKg: '' })).toBeNull();
    expect(prescriptionPreview({ ...EMPTY_START_FORM, weightKg: '80', plannedMinutes: '0' })).toBeNull();
  });
});

describe('startRequest', () => {
  const filled: StartForm = { ...withPatient(EMPTY_START_FORM, known), prescriber: ' Dr Rao ', notes: '' };

  it('sends a known patient’s details with the prescription', () => {
    expect(startRequest(3, filled)).toEqual({
      ok: true,
      input: {
        chairId: 3,
        patient: { givenName: 'Ada', familyName: 'Lovelace', clinicId: 'MRN-7', birthDate: '1980-12-10' },
        weightKg: 64,
        doseMgPerKg: 0.5,
        plannedMinutes: 40,
        seriesNumber: 3,
        prescriber: 'Dr Rao',
      },
    });
  });

  it('sends a new patient, the date of birth only when given', () => {
    const form: StartForm = {
      ...EMPTY_START_FORM,
      addingPatient: true,
      newPatient: { givenName: ' Grace ', familyName: 'Hopper', clinicId: 'MRN-9', birthDate: '' },
      weightKg: '70',
    };
    const request = startRequest(1, form);
    expect(request.ok && request.input.patient).toEqual({ givenName: 'Grace', familyName: 'Hopper', clinicId: 'MRN-9' });
  });

  it('names the first input still missing, as the server names it', () => {
    expect(startRequest(1, EMPTY_START_FORM)).toMatchObject({ ok: false, field: 'patient' });
    expect(startRequest(1, { ...EMPTY_START_FORM, addingPatient: true })).toMatchObject({ ok: false, field: 'patient.givenName' });
    expect(startRequest(1, { ...filled, weightKg: 'sixty' })).toMatchObject({ ok: false, field: 'weightKg' });
    expect(startRequest(1, { ...filled, seriesNumber: '' })).toMatchObject({ ok: false, field: 'seriesNumber' });
  });
});
