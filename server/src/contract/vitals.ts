import { Type, type Static } from '@sinclair/typebox';

/**
 * The vital signs Chairside records. Units, plausible ranges (outside them a value is rejected as
 * implausible) and LOINC codes from the clinical reference §3 (docs/clinical.md).
 */
export const VITALS = {
  hr: { label: 'HR', name: 'Heart rate', unit: '/min', ucum: '/min', loinc: '8867-4', min: 20, max: 300 },
  sbp: { label: 'SBP', name: 'Systolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]', loinc: '8480-6', min: 40, max: 300 },
  dbp: { label: 'DBP', name: 'Diastolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]', loinc: '8462-4', min: 20, max: 200 },
  map: { label: 'MAP', name: 'Mean arterial pressure', unit: 'mmHg', ucum: 'mm[Hg]', loinc: '8478-0', min: 20, max: 250 },
  spo2: { label: 'SpO₂', name: 'Oxygen saturation (pulse oximetry)', unit: '%', ucum: '%', loinc: '59408-5', min: 50, max: 100 },
  rr: { label: 'RR', name: 'Respiratory rate', unit: '/min', ucum: '/min', loinc: '9279-1', min: 0, max: 80 },
  etco2: { label: 'EtCO₂', name: 'End-tidal CO₂', unit: 'mmHg', ucum: 'mm[Hg]', loinc: '19889-5', min: 0, max: 150 },
  tempC: { label: 'Temp', name: 'Body temperature', unit: '°C', ucum: 'Cel', loinc: '8310-5', min: 30, max: 45 },
} as const;
// MAP has no accept range of its own in the reference; 20–250 mmHg spans every MAP that the
// accepted SBP/DBP ranges can derive.

export type VitalKey = keyof typeof VITALS;
export const VITAL_KEYS = Object.keys(VITALS) as VitalKey[];

export const SAMPLE_SOURCES = ['monitor', 'manual', 'simulator'] as const;
export type SampleSource = (typeof SAMPLE_SOURCES)[number];

/** Largest batch one request or socket message may carry. */
export const MAX_SAMPLES_PER_BATCH = 1000;

const vital = (key: VitalKey) =>
  Type.Optional(
    Type.Number({ minimum: VITALS[key].min, maximum: VITALS[key].max, description: `${VITALS[key].name} (${VITALS[key].unit})` }),
  );

export const VitalSampleInput = Type.Object(
  {
    id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "Sender's id for this sample; a retry with the same id is stored once" }),
    ),
    recordedAt: Type.String({ format: 'date-time', description: 'Device time of the measurement (ISO 8601 with zone)' }),
    hr: vital('hr'),
    sbp: vital('sbp'),
    dbp: vital('dbp'),
    map: vital('map'),
    spo2: vital('spo2'),
    rr: vital('rr'),
    etco2: vital('etco2'),
    tempC: vital('tempC'),
    source: Type.Optional(Type.Union(SAMPLE_SOURCES.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
export type VitalSampleInput = Static<typeof VitalSampleInput>;

export const VitalBatchInput = Type.Object(
  { samples: Type.Array(VitalSampleInput, { minItems: 1, maxItems: MAX_SAMPLES_PER_BATCH }) },
  { additionalProperties: false },
);

/** Body of `POST /api/chairs/:chairId/vitals`: one sample, or `{ samples: [...] }`. */
export const VitalsBody = Type.Union([VitalSampleInput, VitalBatchInput]);
export type VitalsBody = VitalSampleInput | { samples: VitalSampleInput[] };

const storedVital = Type.Union([Type.Number(), Type.Null()]);
export const VitalSample = Type.Object({
  seq: Type.Integer({ description: 'Archive order; monotonic, used to backfill a trend' }),
  id: Type.String({ description: "The sender's id, or one the server gave it" }),
  chairId: Type.Integer(),
  sessionId: Type.Union([Type.String(), Type.Null()], { description: 'null: recorded with no active session' }),
  recordedAt: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  source: Type.Union(SAMPLE_SOURCES.map((s) => Type.Literal(s))),
  hr: storedVital,
  sbp: storedVital,
  dbp: storedVital,
  map: storedVital,
  spo2: storedVital,
  rr: storedVital,
  etco2: storedVital,
  tempC: storedVital,
});
export type VitalSample = Static<typeof VitalSample>;

/** A sample as a trend draws it: its place in the archive, its time and its values. */
export type TrendSample = Pick<VitalSample, 'seq' | 'recordedAt' | VitalKey>;

const column = (description: string) => Type.Array(Type.Unsafe<number | null>({ type: ['number', 'null'] }), { description });
/**
 * A session's samples column by column (the i-th entry of every array is one sample): a whole
 * session for review is ~7,000 samples, a seventh of the size of the same samples as objects.
 */
export const TrendColumns = Type.Object({
  seq: Type.Array(Type.Integer(), { description: 'Archive order of each sample' }),
  recordedAt: Type.Array(Type.Integer(), { description: 'Device time of each sample, Unix ms (UTC)' }),
  hr: column(VITALS.hr.unit),
  sbp: column(VITALS.sbp.unit),
  dbp: column(VITALS.dbp.unit),
  map: column(VITALS.map.unit),
  spo2: column(VITALS.spo2.unit),
  rr: column(VITALS.rr.unit),
  etco2: column(VITALS.etco2.unit),
  tempC: column(VITALS.tempC.unit),
});
export type TrendColumns = Static<typeof TrendColumns>;

/** The columns back as one sample per entry, in order. */
export function trendSamples(columns: TrendColumns): TrendSample[] {
  return columns.seq.map((seq, i) => {
    const sample = { seq, recordedAt: new Date(columns.recordedAt[i]).toISOString() } as TrendSample;
    for (const key of VITAL_KEYS) sample[key] = columns[key][i];
    return sample;
  });
}

/** The latest value of each vital with its own time: a BP cuff cycles every few minutes while
 * SpO₂ streams, so each number on screen carries its age. */
const latest = Type.Object({ value: Type.Number(), recordedAt: Type.String({ format: 'date-time' }) });
export const LatestVitals = Type.Partial(
  Type.Object({ hr: latest, sbp: latest, dbp: latest, map: latest, spo2: latest, rr: latest, etco2: latest, tempC: latest }),
);
export type LatestVitals = Static<typeof LatestVitals>;

export interface FieldIssue {
  field: string;
  message: string;
}

/** Checks a sample beyond its schema: it carries at least one vital, DBP < SBP, and a device
 * time that is a real instant not too far in the future (clock skew allowance). */
export function checkVitalSample(sample: VitalSampleInput, now = Date.now(), field = ''): FieldIssue | null {
  const at = Date.parse(sample.recordedAt);
  if (Number.isNaN(at)) return { field: `${field}recordedAt`, message: 'recordedAt is not a valid date-time' };
  if (at > now + MAX_CLOCK_SKEW_MS) {
    return { field: `${field}recordedAt`, message: `recordedAt is more than ${MAX_CLOCK_SKEW_MS / 1000} s in the future` };
  }
  if (!VITAL_KEYS.some((k) => sample[k] !== undefined)) {
    return { field: field ? field.slice(0, -1) : 'body', message: `a sample needs at least one vital (${VITAL_KEYS.join(', ')})` };
  }
  if (sample.sbp !== undefined && sample.dbp !== undefined && sample.dbp >= sample.sbp) {
    return { field: `${field}dbp`, message: `dbp (${sample.dbp}) must be lower than sbp (${sample.sbp})` };
  }
  return null;
}

/** How far ahead of the server clock a device time may be before it is refused. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** Mean arterial pressure derived from a cuff reading, (SBP + 2·DBP) / 3 (clinical reference §3). */
export function deriveMap(sbp: number, dbp: number): number {
  return Math.round(((sbp + 2 * dbp) / 3) * 10) / 10;
}

/** Folds a sample into the latest-values map, keeping the newest reading of each vital. */
export function mergeLatest(latest: LatestVitals, sample: Pick<VitalSample, VitalKey | 'recordedAt'>): LatestVitals {
  let next = latest;
  for (const key of VITAL_KEYS) {
    const value = sample[key];
    if (value === null || value === undefined) continue;
    const current = next[key];
    if (current && Date.parse(current.recordedAt) > Date.parse(sample.recordedAt)) continue;
    if (next === latest) next = { ...latest };
    next[key] = { value, recordedAt: sample.recordedAt };
  }
  return next;
}
