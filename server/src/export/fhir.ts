import { createHash } from 'node:crypto';
import type {
  Annotation,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Encounter,
  MedicationAdministration,
  Observation as FhirObservation,
  ObservationComponent,
  Patient,
  Quantity,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { rateMgPerH, sessionDose } from '../clinical/dose.ts';
import { INTERVENTIONS, SEVERITIES, SIDE_EFFECTS, type InterventionKind, type Observation } from '../contract/observations.ts';
import type { Phase, SessionDetail } from '../contract/sessions.ts';
import { VITALS, type VitalKey, type VitalSample } from '../contract/vitals.ts';

/** Everything recorded of one infusion session, as the exports read it. */
export interface SessionRecord {
  session: SessionDetail;
  samples: VitalSample[];
  observations: Observation[];
}

/** Code systems and profiles (FHIR R4; clinical reference §3 and §7, docs/clinical.md). */
export const FHIR = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  clinicId: 'urn:chairside:clinic-id',
  sideEffect: 'urn:chairside:side-effect',
  severity: 'urn:chairside:severity',
  score: 'urn:chairside:score',
  sampleSource: 'urn:chairside:sample-source',
  profile: (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`,
} as const;

/** BP panel (clinical reference §3): systolic and diastolic of one cuff reading as components. */
const BP_PANEL_LOINC = '85354-9';
/** SpO₂ by pulse oximetry also carries the plain arterial saturation code the R4 `oxygensat` profile requires. */
const SPO2_ALT_LOINC = '2708-6';
/**
 * The specific R4 vital-signs profile of each vital; the others (MAP, EtCO₂, a lone SBP or DBP, and the BP
 * panel) claim the generic `vitalsigns`. The BP panel is built to the R4 `bp` profile (components 8480-6 and
 * 8462-4 in mm[Hg]) but does not claim it: its component slices are discriminated through a nested slice
 * (`code.coding.code`), which @medplum/core's validator cannot evaluate (HL7's own BP example fails it too),
 * and a profile is only claimed where the tests validate it.
 */
const VITAL_PROFILES: Partial<Record<VitalKey | 'bp', string>> = {
  hr: 'heartrate',
  spo2: 'oxygensat',
  rr: 'resprate',
  tempC: 'bodytemp',
};
/** The vitals exported one Observation each, in this order; SBP and DBP together form the BP panel. */
const SINGLE_VITALS: readonly VitalKey[] = ['hr', 'map', 'spo2', 'rr', 'etco2', 'tempC'];

const DISCHARGE_SCALES: Record<string, string> = { aldrete: 'Modified Aldrete score', padss: 'PADSS' };

/** A FHIR id (`[A-Za-z0-9\-.]{1,64}`): the id itself when it already is one, otherwise a readable
 * part with a hash of the original, so that two ids that differ only in refused characters stay apart. */
export function fhirId(raw: string): string {
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(raw)) return raw;
  const digest = createHash('sha1').update(raw).digest('hex').slice(0, 16);
  const readable = raw
    .replace(/[^A-Za-z0-9\-.]+/g, '-')
    .slice(0, 64 - digest.length - 1)
    .replace(/^-+|-+$/g, '');
  return readable ? `${readable}-${digest}` : digest;
}

/** Namespace of Chairside's name-based UUIDs (RFC 9562 version 5). */
const UUID_NAMESPACE = Buffer.from('f51f5d1be9864eac88893cb1a06e6128', 'hex');

/** A deterministic UUID for a name: exporting the same session twice gives the same fullUrls. */
function nameUuid(name: string): string {
  const hash = createHash('sha1').update(UUID_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const loinc = (code: string): Coding => ({ system: FHIR.loinc, code });
const local = (system: string, code: string, display?: string): Coding => (display ? { system, code, display } : { system, code });
const ucum = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: FHIR.ucum, code });
const vitalQuantity = (key: VitalKey, value: number) => ucum(value, VITALS[key].unit, VITALS[key].ucum);
const vitalCode = (key: VitalKey): CodeableConcept => ({
  coding: key === 'spo2' ? [loinc(VITALS.spo2.loinc), loinc(SPO2_ALT_LOINC)] : [loinc(VITALS[key].loinc)],
  text: VITALS[key].name,
});
const category = (code: 'vital-signs' | 'exam' | 'survey', display: string): CodeableConcept[] => [
  { coding: [{ system: FHIR.observationCategory, code, display }] },
];
const VITAL_SIGNS = category('vital-signs', 'Vital Signs');
const profiles = (key: VitalKey | 'bp') => ({ profile: [FHIR.profile(VITAL_PROFILES[key] ?? 'vitalsigns')] });

/** Session phase → Encounter status: discharged finished, aborted cancelled, not yet started planned. */
const ENCOUNTER_STATUS: Record<Phase, Encounter['status']> = {
  scheduled: 'planned',
  'pre-infusion': 'in-progress',
  infusing: 'in-progress',
  paused: 'in-progress',
  recovery: 'in-progress',
  discharged: 'finished',
  aborted: 'cancelled',
};

/** `0.5`, `80`, `72.5`: at most one decimal, no trailing zeros. */
const amount = (x: number) => String(Math.round(x * 10) / 10);

/**
 * The session as a FHIR R4 collection Bundle: Patient, Encounter, MedicationAdministration, vital signs,
 * side effects (clinical reference §7). Only entries still on record are exported: struck and corrected-away
 * versions of a side effect stay in the audit trail and the CSV. References between entries are the
 * entries' `urn:uuid:` fullUrls, derived from the ids so that an export is reproducible. `now` only matters
 * while the infusion runs (the dose delivered so far) and for the Bundle's timestamp.
 */
export function sessionBundle(record: SessionRecord, now: number = Date.now()): Bundle {
  const { session, samples, observations } = record;
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(resource: WithId<T>): Reference<T> => {
    // The patient's fullUrl is the same in every session's export; the rest are the session's own.
    const scope = resource.resourceType === 'Patient' ? '' : `${session.id}/`;
    const fullUrl = `urn:uuid:${nameUuid(`${resource.resourceType}/${scope}${resource.id}`)}`;
    entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };

  const { patient } = session;
  const subject = add<Patient>({
    resourceType: 'Patient',
    id: fhirId(patient.id),
    identifier: [{ system: FHIR.clinicId, value: patient.clinicId }],
    name: [{ given: [patient.givenName], family: patient.familyName }],
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
  });

  const encounter = add<Encounter>({
    resourceType: 'Encounter',
    id: fhirId(session.id),
    status: ENCOUNTER_STATUS[session.phase],
    class: { system: FHIR.actCode, code: 'AMB', display: 'ambulatory' },
    serviceType: { text: 'Ketamine infusion' },
    subject,
    period: { start: session.startedAt, ...(session.endedAt ? { end: session.endedAt } : {}) },
  });

  const administration = medicationAdministration(session, subject, encounter, now);
  if (administration) add(administration);

  const context = { subject, encounter };
  for (const sample of samples) for (const vital of vitalObservations(sample, context)) add(vital);
  for (const entry of observations) if (entry.supersededById === null && !entry.struck) add(sideEffectObservation(entry, context));
  const discharge = dischargeObservation(session, context);
  if (discharge) add(discharge);

  return { resourceType: 'Bundle', id: fhirId(session.id), type: 'collection', timestamp: new Date(now).toISOString(), entry: entries };
}

type WithId<T> = T & { id: string };

/**
 * The ketamine infusion: from the first start of the pump to its stop (recovery: completed, abort: stopped),
 * the dose delivered by the pump events (paused time excluded, clinical reference §1) and the prescribed
 * rate. None before the infusion has started: nothing was given.
 */
function medicationAdministration(
  session: SessionDetail,
  subject: Reference<Patient>,
  encounter: Reference<Encounter>,
  now: number,
): WithId<MedicationAdministration> | null {
  const phases = session.pumpEvents.flatMap((e) => ('phase' in e ? [e] : []));
  const start = phases.find((e) => e.phase === 'infusing');
  if (!start) return null;
  const stop = phases.find((e) => (e.phase === 'recovery' || e.phase === 'aborted') && Date.parse(e.at) >= Date.parse(start.at));

  const prescribedRate = rateMgPerH(session.plannedDoseMg, session.plannedDurationS);
  const delivered = sessionDose(session, now).deliveredMg;

  const plan = `${amount(session.doseMgPerKg)} mg/kg × ${amount(session.weightKg)} kg = ${amount(session.plannedDoseMg)} mg over ${amount(
    session.plannedDurationS / 60,
  )} min`;
  const note: Annotation[] = [{ text: plan }];
  if (session.prescriber) note.push({ text: `Prescriber: ${session.prescriber}` });
  for (const change of session.history) {
    if (change.kind !== 'rate' || change.rateMgPerH === null) continue;
    const why = change.reason ? `: ${change.reason}` : '';
    note.push({ time: change.at, authorString: change.byName, text: `Rate changed to ${amount(change.rateMgPerH)} mg/h${why}` });
  }

  const status: MedicationAdministration['status'] = !stop ? 'in-progress' : stop.phase === 'aborted' ? 'stopped' : 'completed';
  return {
    resourceType: 'MedicationAdministration',
    id: fhirId(`${session.id}-ketamine`),
    status,
    ...(status === 'stopped' && session.abortReason ? { statusReason: [{ text: session.abortReason }] } : {}),
    medicationCodeableConcept: { coding: [{ system: FHIR.rxnorm, code: '6130', display: 'ketamine' }], text: 'Ketamine' },
    subject,
    context: encounter,
    effectivePeriod: { start: start.at, ...(stop ? { end: stop.at } : {}) },
    note,
    dosage: {
      route: { coding: [{ system: FHIR.snomed, code: '47625008', display: 'Intravenous route' }], text: 'IV infusion' },
      dose: ucum(delivered, 'mg', 'mg'),
      rateQuantity: ucum(prescribedRate, 'mg/h', 'mg/h'),
    },
  };
}

interface Context {
  subject: Reference<Patient>;
  encounter: Reference<Encounter>;
}

/** One sample's vitals: SBP with DBP as one BP panel, every other vital its own Observation. */
function vitalObservations(sample: VitalSample, context: Context): WithId<FhirObservation>[] {
  const base = (suffix: string, profile: VitalKey | 'bp') => ({
    resourceType: 'Observation' as const,
    id: fhirId(`${sample.id}-${suffix}`),
    meta: profiles(profile),
    status: 'final' as const,
    category: VITAL_SIGNS,
    ...context,
    effectiveDateTime: sample.recordedAt,
    issued: sample.receivedAt,
    method: { coding: [local(FHIR.sampleSource, sample.source)], text: sample.source },
  });
  const out: WithId<FhirObservation>[] = [];
  const { sbp, dbp } = sample;
  if (sbp !== null && dbp !== null) {
    const component = (key: 'sbp' | 'dbp', value: number): ObservationComponent => ({
      code: vitalCode(key),
      valueQuantity: vitalQuantity(key, value),
    });
    out.push({
      ...base('bp', 'bp'),
      code: { coding: [loinc(BP_PANEL_LOINC)], text: 'Blood pressure' },
      component: [component('sbp', sbp), component('dbp', dbp)],
    });
  } else {
    // A lone systolic or diastolic value (the other missing, never 0) is exported on its own.
    for (const key of ['sbp', 'dbp'] as const) {
      const value = sample[key];
      if (value !== null) out.push({ ...base(key, key), code: vitalCode(key), valueQuantity: vitalQuantity(key, value) });
    }
  }
  for (const key of SINGLE_VITALS) {
    const value = sample[key];
    if (value !== null) out.push({ ...base(key, key), code: vitalCode(key), valueQuantity: vitalQuantity(key, value) });
  }
  return out;
}

/** A side effect as charted now (clinical reference §6); a corrected entry is `amended`. */
function sideEffectObservation(entry: Observation, context: Context): WithId<FhirObservation> {
  const label = SIDE_EFFECTS[entry.kind];
  const severity = SEVERITIES[entry.severity] ?? String(entry.severity);
  const note: Annotation[] = [];
  if (entry.detail) note.push({ text: entry.detail });
  if (entry.note) note.push({ text: entry.note });
  if (entry.intervention) {
    const name = INTERVENTIONS[entry.intervention.kind as InterventionKind] ?? entry.intervention.kind;
    note.push({ text: `Intervention: ${name}${entry.intervention.detail ? ` (${entry.intervention.detail})` : ''}` });
  }
  if (entry.amendsId !== null && entry.amendReason) note.push({ text: `Corrected: ${entry.amendReason}` });
  return {
    resourceType: 'Observation',
    id: fhirId(entry.id),
    status: entry.amendsId === null ? 'final' : 'amended',
    category: category('exam', 'Exam'),
    code: { coding: [local(FHIR.sideEffect, entry.kind, label)], text: label },
    ...context,
    effectiveDateTime: entry.observedAt,
    issued: entry.recordedAt,
    performer: [{ display: entry.byName }],
    valueCodeableConcept: { coding: [local(FHIR.severity, severity)], text: severity },
    ...(note.length ? { note } : {}),
    ...(entry.sedationScore !== null
      ? { component: [{ code: { coding: [local(FHIR.score, 'moaas')], text: 'MOAA/S' }, valueInteger: entry.sedationScore }] }
      : {}),
  };
}

/** The discharge score the patient left on (clinical reference §6), when there is one. */
function dischargeObservation(session: SessionDetail, context: Context): WithId<FhirObservation> | null {
  const { discharge } = session;
  if (!discharge) return null;
  const event = session.history.find((e) => e.kind === 'phase' && e.toPhase === 'discharged');
  const at = event?.at ?? session.endedAt;
  const name = DISCHARGE_SCALES[discharge.scale] ?? discharge.scale;
  return {
    resourceType: 'Observation',
    id: fhirId(`${session.id}-discharge`),
    status: 'final',
    category: category('survey', 'Survey'),
    code: { coding: [local(FHIR.score, discharge.scale, name)], text: name },
    ...context,
    ...(at ? { effectiveDateTime: at } : {}),
    ...(event ? { performer: [{ display: event.byName }] } : {}),
    valueInteger: discharge.score,
    ...(discharge.override ? { note: [{ text: `Discharged below the threshold: ${discharge.override}` }] } : {}),
  };
}
