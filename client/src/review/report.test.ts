import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../server/src/contract/observations.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';
import { customLimits, reportSummary, sessionTimes, vitalsAt40, vitalsAtEnd, vitalsBefore, type Readings } from './report.ts';
import { at, detail, entry, ms, reading, type Change } from './test-fixtures.ts';

const DISCHARGED: Change[] = [
  { at: '08:50', phase: 'pre-infusion' },
  { at: '09:00', phase: 'infusing', by: 'Nurse Bo' },
  { at: '09:45', phase: 'recovery' },
  { at: '10:20', phase: 'discharged', by: 'Nurse Cy' },
];
const INFUSION_START = ms('09:00');

/** Each vital as `value@HH:MM:SS` (or `value@baseline`), for readable expectations. */
function show(readings: Readings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(readings).map(([key, r]) => [
      key,
      `${r.value}@${r.at === null ? 'baseline' : new Date(r.at).toISOString().slice(11, 19)}`,
    ]),
  );
}

describe('sessionTimes', () => {
  it.each([
    {
      name: 'discharged: infusion from its start to recovery, ready to leave at the discharge',
      changes: DISCHARGED,
      expected: {
        arrivedAt: '08:50',
        infusionStartAt: '09:00',
        infusionStopAt: '09:45',
        recoveryAt: '09:45',
        endedAt: '10:20',
        dischargedAt: '10:20',
      },
    },
    {
      name: 'paused and resumed: the stop is the end of the last infusing period',
      changes: [
        ...DISCHARGED.slice(0, 2),
        { at: '09:10', phase: 'paused' as const },
        { at: '09:15', rate: 45 },
        { at: '09:20', phase: 'infusing' as const },
        { at: '09:50', phase: 'recovery' as const },
      ],
      expected: {
        arrivedAt: '08:50',
        infusionStartAt: '09:00',
        infusionStopAt: '09:50',
        recoveryAt: '09:50',
        endedAt: null,
        dischargedAt: null,
      },
    },
    {
      name: 'paused, then aborted: the pump stopped at the pause; not discharged',
      changes: [
        ...DISCHARGED.slice(0, 2),
        { at: '09:10', phase: 'paused' as const },
        { at: '09:30', phase: 'aborted' as const, reason: 'x' },
      ],
      expected: {
        arrivedAt: '08:50',
        infusionStartAt: '09:00',
        infusionStopAt: '09:10',
        recoveryAt: null,
        endedAt: '09:30',
        dischargedAt: null,
      },
    },
    {
      name: 'still infusing: no stop yet',
      changes: DISCHARGED.slice(0, 2),
      expected: { arrivedAt: '08:50', infusionStartAt: '09:00', infusionStopAt: null, recoveryAt: null, endedAt: null, dischargedAt: null },
    },
    {
      name: 'never infused',
      changes: [DISCHARGED[0], { at: '09:05', phase: 'aborted' as const, reason: 'BP too high' }],
      expected: { arrivedAt: '08:50', infusionStartAt: null, infusionStopAt: null, recoveryAt: null, endedAt: '09:05', dischargedAt: null },
    },
  ])('$name', ({ changes, expected }) => {
    const times = sessionTimes(detail(changes));
    expect(
      Object.fromEntries(Object.entries(times).map(([key, t]) => [key, t === null ? null : new Date(t).toISOString().slice(11, 16)])),
    ).toEqual(expected);
  });
});

describe('vitalsAt40: the reading nearest to 40 min after the infusion started, within 5 min', () => {
  it.each([
    { name: 'exactly at 40 min', samples: [reading('09:40', { sbp: 150 })], expected: { sbp: '150@09:40:00' } },
    {
      name: 'the nearer of two',
      samples: [reading('09:37', { sbp: 150 }), reading('09:41', { sbp: 160 })],
      expected: { sbp: '160@09:41:00' },
    },
    {
      name: 'of two equally near, the earlier (whatever the archive order)',
      samples: [reading('09:42', { sbp: 160 }), reading('09:38', { sbp: 150 })],
      expected: { sbp: '150@09:38:00' },
    },
    { name: 'exactly 5 min before counts', samples: [reading('09:35', { sbp: 150 })], expected: { sbp: '150@09:35:00' } },
    { name: 'exactly 5 min after counts', samples: [reading('09:45', { sbp: 150 })], expected: { sbp: '150@09:45:00' } },
    { name: 'a second more than 5 min before: not recorded', samples: [reading('09:34:59', { sbp: 150 })], expected: {} },
    { name: 'a second more than 5 min after: not recorded', samples: [reading('09:45:01', { sbp: 150 })], expected: {} },
    {
      name: 'each vital on its own: a 1 Hz heart rate nearer than the cuff does not hide the BP',
      samples: [reading('09:38', { sbp: 150, dbp: 90 }), reading('09:40', { hr: 88 }), reading('09:40:01', { hr: 90, spo2: 97 })],
      expected: { sbp: '150@09:38:00', dbp: '90@09:38:00', hr: '88@09:40:00', spo2: '97@09:40:01' },
    },
    { name: 'no samples', samples: [], expected: {} },
  ])('$name', ({ samples, expected }) => {
    const row = vitalsAt40(samples, INFUSION_START);
    expect(show(row.readings)).toEqual(expected);
    expect(row.target).toBe(ms('09:40'));
  });

  it('has nothing to look for when the infusion never started', () => {
    expect(vitalsAt40([reading('09:40', { sbp: 150 })], null)).toEqual({ readings: {}, target: null });
  });
});

describe('vitalsBefore and vitalsAtEnd', () => {
  it('before: the baseline, with temperature (not in the baseline) from the last reading before the infusion', () => {
    const session = detail(DISCHARGED, { baseline: { hr: 72, sbp: 128, dbp: 82 } });
    const samples = [reading('08:55', { tempC: 36.6, hr: 70 }), reading('08:58', { tempC: 36.7 }), reading('09:05', { tempC: 37.1 })];
    expect(show(vitalsBefore(session, samples, INFUSION_START).readings)).toEqual({
      hr: '72@baseline',
      sbp: '128@baseline',
      dbp: '82@baseline',
      tempC: '36.7@08:58:00',
    });
  });

  it('before: not recorded when the infusion never started', () => {
    expect(vitalsBefore(detail(DISCHARGED.slice(0, 1)), [reading('08:55', { hr: 70 })], null).readings).toEqual({});
  });

  it('end: the last reading of each vital by device time, not archive order', () => {
    const samples: VitalSample[] = [
      reading('10:15', { hr: 75, sbp: 130 }),
      reading('10:18', { hr: 74 }),
      reading('10:10', { hr: 99, spo2: 98 }),
    ];
    expect(show(vitalsAtEnd(samples).readings)).toEqual({ hr: '74@10:18:00', sbp: '130@10:15:00', spo2: '98@10:10:00' });
    expect(vitalsAtEnd([]).readings).toEqual({});
  });
});

describe('reportSummary', () => {
  const summary = (observations: Observation[], change: Parameters<typeof detail>[1] = {}) =>
    reportSummary({ session: detail(DISCHARGED, change), samples: [], observations, now: ms('23:00') });

  it.each([
    { name: 'nothing charted', observations: [], sedation: false, dissociation: false },
    {
      name: 'MOAA/S 4 charted',
      observations: [entry('o1', '09:10', { kind: 'sedation', severity: 1, sedationScore: 4 })],
      sedation: true,
      dissociation: false,
    },
    {
      name: 'MOAA/S 5 only (severity none): no sedation',
      observations: [entry('o1', '09:10', { kind: 'sedation', severity: 0, sedationScore: 5 })],
      sedation: false,
      dissociation: false,
    },
    {
      name: 'a sedation entry without a score',
      observations: [entry('o1', '09:10', { kind: 'sedation', severity: 2 })],
      sedation: true,
      dissociation: false,
    },
    {
      name: 'dissociation mild',
      observations: [entry('o1', '09:10', { kind: 'dissociation', severity: 1 })],
      sedation: false,
      dissociation: true,
    },
    {
      name: 'dissociation charted as none',
      observations: [entry('o1', '09:10', { kind: 'dissociation', severity: 0 })],
      sedation: false,
      dissociation: false,
    },
    {
      name: 'a struck-through entry does not count',
      observations: [
        entry('o1', '09:10', { kind: 'dissociation', severity: 2, supersededById: 'o2' }),
        entry('o2', '09:10', { kind: 'dissociation', severity: 2, amendsId: 'o1', struck: true, amendReason: 'wrong chair' }),
      ],
      sedation: false,
      dissociation: false,
    },
    {
      name: 'a correction to none counts as corrected',
      observations: [
        entry('o1', '09:10', { kind: 'dissociation', severity: 2, supersededById: 'o2' }),
        entry('o2', '09:10', { kind: 'dissociation', severity: 0, amendsId: 'o1', amendReason: 'misread' }),
        entry('o3', '09:12', { kind: 'sedation', severity: 3, sedationScore: 2, supersededById: 'o4' }),
        entry('o4', '09:12', { kind: 'sedation', severity: 0, sedationScore: 5, amendsId: 'o3', amendReason: 'asleep, not sedated' }),
      ],
      sedation: false,
      dissociation: false,
    },
  ])('sedation and dissociation: $name', ({ observations, sedation, dissociation }) => {
    const report = summary(observations);
    expect(report.sedation.present).toBe(sedation);
    expect(report.dissociation.present).toBe(dissociation);
  });

  it('lists the side effects on record with severities, the interventions and who charted them', () => {
    const report = summary([
      entry('o1', '09:20', { kind: 'nausea', severity: 2, supersededById: 'o2' }),
      entry('o2', '09:20', {
        kind: 'nausea',
        severity: 3,
        amendsId: 'o1',
        amendReason: 'worse',
        byName: 'Nurse Bo',
        intervention: { kind: 'ondansetron-4mg-iv', detail: null },
      }),
      entry('o3', '09:10', { kind: 'other', detail: 'tingling lips', severity: 1 }),
      entry('o4', '09:30', { kind: 'headache', severity: 1, supersededById: 'o5' }),
      entry('o5', '09:30', { kind: 'headache', severity: 1, amendsId: 'o4', struck: true, amendReason: 'wrong patient' }),
    ]);
    expect(
      report.sideEffects.map(({ label, severity, by, corrected, intervention }) => ({ label, severity, by, corrected, intervention })),
    ).toEqual([
      { label: 'Other: tingling lips', severity: 1, by: 'Nurse Ann', corrected: false, intervention: null },
      { label: 'Nausea', severity: 3, by: 'Nurse Ann', corrected: true, intervention: 'Ondansetron 4 mg IV' },
    ]);
    expect(report.interventions).toEqual([{ at: ms('09:20'), text: 'Ondansetron 4 mg IV', forWhat: 'Nausea', by: 'Nurse Bo' }]);
  });

  it('has the dose, the discharge score, pain and who did what', () => {
    const report = reportSummary({
      session: detail(DISCHARGED, { discharge: { scale: 'aldrete', score: 10, override: null, painAfter: 2 } }),
      samples: [],
      observations: [entry('o1', '09:10', { byName: 'Nurse Dee' })],
      acknowledgedBy: ['Supervisor Eve', null],
      now: ms('23:00'),
    });
    expect(report.dose).toEqual({ weightKg: 80, doseMgPerKg: 0.5, plannedMg: 40, plannedMinutes: 40, deliveredMg: 40, percent: 100 });
    expect(report.discharge).toBe('Modified Aldrete 10');
    expect(report.pain).toEqual({ before: 6, after: 2 });
    expect(report.series).toBe('2 of 6');
    expect(report.actions).toEqual([
      { at: ms('08:50'), what: 'Session opened (Pre-infusion)', by: 'Nurse Ann' },
      { at: ms('09:00'), what: 'Pre-infusion → Infusing', by: 'Nurse Bo' },
      { at: ms('09:45'), what: 'Infusing → Recovery', by: 'Nurse Ann' },
      { at: ms('10:20'), what: 'Recovery → Discharged', by: 'Nurse Cy' },
    ]);
    expect(report.staff).toEqual(['Nurse Ann', 'Nurse Bo', 'Nurse Cy', 'Nurse Dee', 'Supervisor Eve']);
  });

  it('an aborted session: the dose delivered until the abort, the reason, no discharge', () => {
    const report = reportSummary({
      session: detail([...DISCHARGED.slice(0, 2), { at: '09:20', phase: 'aborted', reason: 'hypertension' }], {
        abortReason: 'hypertension',
      }),
      samples: [],
      observations: [],
      now: ms('23:00'),
    });
    expect(report.dose.deliveredMg).toBe(20);
    expect(report.discharge).toBeNull();
    expect(report.abortReason).toBe('hypertension');
    expect(report.times.dischargedAt).toBeNull();
    expect(report.pain.after).toBeNull();
  });

  it('missing data: no samples, no baseline, nothing charted', () => {
    const report = reportSummary({ session: detail(DISCHARGED.slice(0, 1)), samples: [], observations: [], now: ms('08:55') });
    expect(report.vitals).toEqual({
      before: { readings: {}, target: null },
      at40: { readings: {}, target: null },
      end: { readings: {}, target: null },
    });
    expect(report.sideEffects).toEqual([]);
    expect(report.interventions).toEqual([]);
    expect(report.sedation).toEqual({ present: false, lowestMoaas: null });
    expect(report.dissociation).toEqual({ present: false, worstSeverity: null });
    expect(report.dose.deliveredMg).toBe(0);
    expect(report.times.infusionStartAt).toBeNull();
  });

  it('uses the 40-minute mark of the infusion, not of the session', () => {
    const samples = [reading('09:30', { sbp: 140 }), reading('09:40', { sbp: 150 })];
    const report = reportSummary({ session: detail(DISCHARGED), samples, observations: [], now: ms('23:00') });
    expect(show(report.vitals.at40.readings)).toEqual({ sbp: '150@09:40:00' });
    expect(at('09:40')).toBe(new Date(report.vitals.at40.target!).toISOString());
  });
});

describe('customLimits: the session’s own limits, in the rule table’s order', () => {
  it.each([
    { name: 'none', limits: {}, expected: [] },
    {
      name: 'two SBP limits',
      limits: { 'sbp-raised': 170, 'sbp-high': 190 },
      expected: ['SBP at or above 190 (default 180)', 'SBP at or above 170 (default 160)'],
    },
    { name: 'a time limit', limits: { 'etco2-apnoea': 30 }, expected: ['No CO₂ breath for 30 s (default 20 s)'] },
    { name: 'a rise over baseline', limits: { 'sbp-rise': 50 }, expected: ['SBP rise above baseline of at least 50 (default 40)'] },
  ])('$name', ({ limits, expected }) => {
    expect(customLimits(limits)).toEqual(expected);
  });
});
