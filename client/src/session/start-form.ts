import { plannedDoseMg, rateMgPerH } from '../../../server/src/clinical/dose.ts';
import { PRESCRIPTION_LIMITS, type SessionStartInput } from '../../../server/src/contract/sessions.ts';
import type { PatientMatch } from '../../../server/src/contract/sessions.ts';

/** The start form as typed. The patient is one found by the search, or a new one. */
export interface StartForm {
  patient: PatientMatch | null;
  newPatient: { givenName: string; familyName: string; clinicId: string; birthDate: string };
  addingPatient: boolean;
  weightKg: string;
  doseMgPerKg: string;
  plannedMinutes: string;
  seriesNumber: string;
  prescriber: string;
  notes: string;
}

export const EMPTY_START_FORM: StartForm = {
  patient: null,
  newPatient: { givenName: '', familyName: '', clinicId: '', birthDate: '' },
  addingPatient: false,
  weightKg: '',
  doseMgPerKg: String(PRESCRIPTION_LIMITS.doseMgPerKg.default),
  plannedMinutes: String(PRESCRIPTION_LIMITS.plannedMinutes.default),
  seriesNumber: '1',
  prescriber: '',
  notes: '',
};

/** Choosing a known patient fills in the next infusion of the series and the last weight. */
export function withPatient(form: StartForm, patient: PatientMatch): StartForm {
  return {
    ...form,
    patient,
    addingPatient: false,
    seriesNumber: String(patient.sessionCount + 1),
    weightKg: form.weightKg || (patient.lastWeightKg === null ? '' : String(patient.lastWeightKg)),
  };
}

/** The planned dose and pump rate, worked out as the server will, once weight, dose and time are numbers. */
export function prescriptionPreview(form: StartForm): { doseMg: number; rateMgPerH: number } | null {
  const weightKg = readNumber(form.weightKg);
  const doseMgPerKg = readNumber(form.doseMgPerKg);
  const minutes = readNumber(form.plannedMinutes);
  if (weightKg === null || doseMgPerKg === null || minutes === null || weightKg <= 0 || doseMgPerKg <= 0 || minutes <= 0) return null;
  const doseMg = plannedDoseMg(weightKg, doseMgPerKg);
  return { doseMg, rateMgPerH: rateMgPerH(doseMg, minutes * 60) };
}

export type StartRequest = { ok: true; input: SessionStartInput } | { ok: false; field: string; message: string };

/** The request for this form, or the first input still missing or not a number (named as the
 * server names it, so its message shows under the same input). Ranges are the server's to check. */
export function startRequest(chairId: number, form: StartForm): StartRequest {
  const patient = form.patient
    ? {
        givenName: form.patient.givenName,
        familyName: form.patient.familyName,
        clinicId: form.patient.clinicId,
        birthDate: form.patient.birthDate ?? undefined,
      }
    : form.addingPatient
      ? {
          givenName: form.newPatient.givenName.trim(),
          familyName: form.newPatient.familyName.trim(),
          clinicId: form.newPatient.clinicId.trim(),
          birthDate: form.newPatient.birthDate || undefined,
        }
      : null;
  if (!patient) return missing('patient', 'Find the patient, or add a new one');
  for (const field of ['givenName', 'familyName', 'clinicId'] as const) {
    if (!patient[field]) return missing(`patient.${field}`, 'Required');
  }
  const weightKg = readNumber(form.weightKg);
  if (weightKg === null) return missing('weightKg', 'Enter the weight in kg');
  const doseMgPerKg = readNumber(form.doseMgPerKg);
  if (doseMgPerKg === null) return missing('doseMgPerKg', 'Enter the dose in mg/kg');
  const plannedMinutes = readNumber(form.plannedMinutes);
  if (plannedMinutes === null) return missing('plannedMinutes', 'Enter the infusion time in minutes');
  const seriesNumber = readNumber(form.seriesNumber);
  if (seriesNumber === null) return missing('seriesNumber', 'Enter which infusion of the series this is');
  const input: SessionStartInput = { chairId, patient, weightKg, doseMgPerKg, plannedMinutes, seriesNumber };
  if (form.prescriber.trim()) input.prescriber = form.prescriber.trim();
  if (form.notes.trim()) input.notes = form.notes.trim();
  return { ok: true, input };
}

const missing = (field: string, message: string): StartRequest => ({ ok: false, field, message });

function readNumber(text: string): number | null {
  const normalised = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : null;
}
