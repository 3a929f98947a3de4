import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import type { Observation } from '../../../server/src/contract/observations.ts';
import type { SessionDetail } from '../../../server/src/contract/sessions.ts';
import type { VitalSample } from '../../../server/src/contract/vitals.ts';
import { alarm, at, detail, entry, ms, reading, type Change } from './test-fixtures.ts';
import {
  buildTimeline,
  eventText,
  lateness,
  promptEvents,
  shownEvents,
  type PromptEvent,
  type SideEffectEvent,
  type TimelineEvent,
} from './timeline.ts';

const FAR_FUTURE = ms('23:59');

function timeline(
  session: SessionDetail,
  {
    observations = [],
    alarms = [],
    samples = [],
    now = FAR_FUTURE,
  }: { observations?: Observation[]; alarms?: Alarm[]; samples?: VitalSample[]; now?: number } = {},
): TimelineEvent[] {
  return buildTimeline({ session, observations, alarms, samples, now });
}

const keys = (events: readonly TimelineEvent[]) => events.map((event) => event.key);
const clock = (t: number | null) => (t === null ? null : new Date(t).toISOString().slice(11, 16));

/** A discharged session: opened 08:50, infusing 09:00–09:45, recovery to 10:20. */
const DISCHARGED: Change[] = [
  { at: '08:50', phase: 'pre-infusion' },
  { at: '09:00', phase: 'infusing' },
  { at: '09:45', phase: 'recovery' },
  { at: '10:20', phase: 'discharged', by: 'Nurse Bo' },
];

/** BP readings 08:52 … 09:55, with heart-rate-only samples between them (they do not answer a prompt). */
const BP_TIMES = ['08:52', '09:03', '09:08', '09:20', '09:24', '09:28', '09:32', '09:36', '09:42', '09:55'];
const SAMPLES = [
  ...BP_TIMES.map((time) => reading(time, { sbp: 130, dbp: 80 })),
  ...['09:10', '09:11', '09:12', '09:13', '09:50', '10:12'].map((time) => reading(time, { hr: 80 })),
];

describe('buildTimeline: the history', () => {
  it('has every phase and rate change with who and why, keyed by its index in the history', () => {
    const session = detail([
      { at: '08:50', phase: 'pre-infusion' },
      { at: '09:00', phase: 'infusing', by: 'Nurse Bo' },
      { at: '09:10', rate: 45, reason: 'BP up', by: 'Nurse Bo' },
      { at: '09:12', phase: 'paused', reason: 'nausea' },
      { at: '09:15', phase: 'aborted', reason: 'patient asked to stop' },
    ]);
    const events = timeline(session).filter((event) => event.kind === 'phase' || event.kind === 'rate');
    expect(keys(events)).toEqual(['phase-0', 'phase-1', 'rate-2', 'phase-3', 'phase-4']);
    expect(events.map(eventText)).toEqual([
      { title: 'Session opened (Pre-infusion)', details: [], by: 'Nurse Ann' },
      { title: 'Pre-infusion → Infusing', details: [], by: 'Nurse Bo' },
      { title: 'Rate changed to 45 mg/h', details: ['BP up'], by: 'Nurse Bo' },
      { title: 'Infusing → Paused', details: ['nausea'], by: 'Nurse Ann' },
      { title: 'Paused → Aborted', details: ['patient asked to stop'], by: 'Nurse Ann' },
    ]);
  });
});

describe('buildTimeline: side effects', () => {
  const corrected = [
    entry('o1', '09:10', { kind: 'nausea', severity: 1, supersededById: 'o2', recordedAt: at('09:10') }),
    entry('o2', '09:08', {
      kind: 'nausea',
      severity: 2,
      amendsId: 'o1',
      amendReason: 'was worse, and earlier',
      recordedAt: at('09:30'),
      byName: 'Nurse Bo',
      intervention: { kind: 'ondansetron-4mg-iv', detail: null },
    }),
  ];
  const struck = [
    entry('o3', '09:20', { kind: 'headache', severity: 1, supersededById: 'o4' }),
    entry('o4', '09:20', {
      kind: 'headache',
      severity: 1,
      amendsId: 'o3',
      struck: true,
      amendReason: 'wrong patient',
      recordedAt: at('09:21'),
    }),
  ];

  it.each([
    {
      name: 'a corrected entry: once, keyed by its first version, at the corrected time, with what it replaced',
      observations: corrected,
      key: 'side-effect-o1',
      atTime: '09:08',
      current: 'o2',
      earlier: ['o1'],
      text: {
        title: 'Nausea — moderate',
        details: ['Intervention: Ondansetron 4 mg IV', 'Corrected at 09:30 by Nurse Bo: was worse, and earlier'],
        by: 'Nurse Ann',
      },
    },
    {
      name: 'a struck-through entry stays, said to be struck',
      observations: struck,
      key: 'side-effect-o3',
      atTime: '09:20',
      current: 'o4',
      earlier: ['o3'],
      text: { title: 'Headache — mild', details: ['Struck through at 09:21 by Nurse Ann: wrong patient'], by: 'Nurse Ann' },
    },
    {
      name: 'versions in any order: the chain is the same',
      observations: [...corrected].reverse(),
      key: 'side-effect-o1',
      atTime: '09:08',
      current: 'o2',
      earlier: ['o1'],
      text: undefined,
    },
    {
      name: 'sedation with its MOAA/S, "other" with its detail',
      observations: [entry('o5', '09:30', { kind: 'sedation', severity: 2, sedationScore: 3 })],
      key: 'side-effect-o5',
      atTime: '09:30',
      current: 'o5',
      earlier: [],
      text: { title: 'Sedation — moderate · MOAA/S 3', details: [], by: 'Nurse Ann' },
    },
    {
      name: '"other" with its detail and the note',
      observations: [entry('o6', '09:31', { kind: 'other', detail: 'itchy nose', note: 'settled by 09:40' })],
      key: 'side-effect-o6',
      atTime: '09:31',
      current: 'o6',
      earlier: [],
      text: { title: 'Other: itchy nose — mild', details: ['settled by 09:40'], by: 'Nurse Ann' },
    },
  ])('$name', ({ observations, key, atTime, current, earlier, text }) => {
    const events = timeline(detail(DISCHARGED), { observations }).filter((event) => event.kind === 'side-effect');
    expect(keys(events)).toEqual([key]);
    const [event] = events as SideEffectEvent[];
    expect(event.at).toBe(ms(atTime));
    expect(event.current.id).toBe(current);
    expect(event.earlier.map((version) => version.id)).toEqual(earlier);
    if (text) expect(eventText(event)).toEqual(text);
  });
});

describe('buildTimeline: alarms', () => {
  it.each([
    {
      name: 'raised, acknowledged (by whom) and cleared',
      alarm: alarm('a1', '09:20', { acknowledgedAt: at('09:20:30'), acknowledgedBy: 'Nurse Bo', clearedAt: at('09:25') }),
      expected: [
        ['alarm-raised-a1', '09:20', '*** Alarm: SBP 186 ≥ 180', null, []],
        ['alarm-acknowledged-a1', '09:20', '*** Alarm acknowledged: SBP 186 ≥ 180', 'Nurse Bo', []],
        ['alarm-cleared-a1', '09:25', '*** Alarm cleared: SBP 186 ≥ 180', null, []],
      ],
    },
    {
      name: 'still active: raised only',
      alarm: alarm('a2', '09:30', { priority: 'medium', message: 'HR 115 ≥ 111' }),
      expected: [['alarm-raised-a2', '09:30', '** Alarm: HR 115 ≥ 111', null, []]],
    },
    {
      name: 'escalated, then cleared with the end of the session',
      alarm: alarm('a3', '10:00', { escalatedAt: at('10:05'), clearedAt: at('10:20:01') }),
      expected: [
        ['alarm-raised-a3', '10:00', '*** Alarm: SBP 186 ≥ 180', null, ['escalated at 10:05']],
        ['alarm-cleared-a3', '10:20', '*** Alarm cleared: SBP 186 ≥ 180', null, ['with the end of the session']],
      ],
    },
    {
      name: 'a technical alarm, low priority',
      alarm: alarm('a4', '09:50', {
        kind: 'technical',
        priority: 'low',
        parameter: 'device',
        message: 'No data for 30 s',
        clearedAt: at('09:51'),
      }),
      expected: [
        ['alarm-raised-a4', '09:50', '* Alarm: No data for 30 s', null, []],
        ['alarm-cleared-a4', '09:51', '* Alarm cleared: No data for 30 s', null, []],
      ],
    },
  ])('$name', ({ alarm: record, expected }) => {
    const events = timeline(detail(DISCHARGED), { alarms: [record] }).filter((event) => event.kind.startsWith('alarm'));
    expect(
      events.map((event) => {
        const text = eventText(event);
        return [event.key, clock(event.at), text.title, text.by, text.details];
      }),
    ).toEqual(expected);
  });
});

describe('promptEvents: the protocol checks as they fell due', () => {
  const summary = (events: PromptEvent[]) =>
    events.map((event) => [event.id, clock(event.at), clock(Date.parse(event.prompt.dueAt)), clock(event.answeredAt)]);

  it('rebuilds every check of a discharged session: when it fell due, when it was due, when it was met', () => {
    const events = promptEvents(detail(DISCHARGED), SAMPLES, FAR_FUTURE);
    expect(summary(events)).toEqual([
      // The baseline BP was taken at 08:52: due at once when the infusion starts.
      ['vitals-1', '09:00', '08:57', '09:03'],
      // 09:03 + 5 min: a BP came at that very moment, on time.
      ['vitals-2', '09:08', '09:08', '09:08'],
      // HR-only samples do not answer it.
      ['vitals-3', '09:13', '09:13', '09:20'],
      // BP every 4 min from 09:20 to 09:36: never due, until the 40-minute check.
      ['check-40-min-1', '09:40', '09:40', '09:42'],
      ['vitals-4', '09:41', '09:41', '09:42'],
      // In recovery every 15 min: 09:55 + 15; no BP after it.
      ['vitals-5', '10:10', '10:10', null],
      // 30 min of recovery from 09:45; met by the discharge.
      ['discharge-check-1', '10:15', '10:15', '10:20'],
    ]);
    expect(events.map((event) => event.prompt.text)).toEqual([
      'Vitals due (every 5 min)',
      'Vitals due (every 5 min)',
      'Vitals due (every 5 min)',
      'BP and MOAA/S check at 40 min',
      'Vitals due (every 5 min)',
      'Vitals due (every 15 min)',
      'Discharge check',
    ]);
  });

  const punctual = ['08:55', '09:00', '09:05', '09:10', '09:15', '09:20', '09:25', '09:30', '09:35', '09:40'].map((time) =>
    reading(time, { sbp: 120 }),
  );

  it.each([
    {
      name: 'an active session: only what fell due by now',
      changes: DISCHARGED.slice(0, 2),
      samples: SAMPLES,
      now: ms('09:30'),
      expected: [
        ['vitals-1', '09:00', '08:57', '09:03'],
        ['vitals-2', '09:08', '09:08', '09:08'],
        ['vitals-3', '09:13', '09:13', '09:20'],
      ],
    },
    {
      name: 'aborted before 40 min: no check, nothing after the end, no answer after it',
      changes: [...DISCHARGED.slice(0, 2), { at: '09:15', phase: 'aborted' as const, reason: 'declined' }],
      samples: SAMPLES,
      now: FAR_FUTURE,
      expected: [
        ['vitals-1', '09:00', '08:57', '09:03'],
        ['vitals-2', '09:08', '09:08', '09:08'],
        ['vitals-3', '09:13', '09:13', null],
      ],
    },
    {
      name: 'never infused: the protocol never started',
      changes: [DISCHARGED[0], { at: '09:30', phase: 'aborted' as const, reason: 'BP too high' }],
      samples: SAMPLES,
      now: FAR_FUTURE,
      expected: [],
    },
    {
      name: 'no BP at all: due 5 min after the session opened, once infusing',
      changes: DISCHARGED.slice(0, 2),
      samples: [],
      now: ms('09:02'),
      expected: [['vitals-1', '09:00', '08:55', null]],
    },
    {
      name: 'a punctual BP every 5 min: every check shown, each met on time (the one at 40 min too)',
      changes: DISCHARGED.slice(0, 2),
      samples: punctual,
      now: ms('09:44'),
      expected: [
        ['vitals-1', '09:00', '09:00', '09:00'],
        ['vitals-2', '09:05', '09:05', '09:05'],
        ['vitals-3', '09:10', '09:10', '09:10'],
        ['vitals-4', '09:15', '09:15', '09:15'],
        ['vitals-5', '09:20', '09:20', '09:20'],
        ['vitals-6', '09:25', '09:25', '09:25'],
        ['vitals-7', '09:30', '09:30', '09:30'],
        ['vitals-8', '09:35', '09:35', '09:35'],
        ['vitals-9', '09:40', '09:40', '09:40'],
        ['check-40-min-1', '09:40', '09:40', '09:40'],
      ],
    },
    {
      name: 'a BP more often than asked (an arterial line each second): never due',
      changes: DISCHARGED.slice(0, 2),
      samples: Array.from({ length: 600 }, (_, i) => reading(new Date(ms('08:58') + i * 1000).toISOString().slice(11, 19), { sbp: 120 })),
      now: ms('09:07'),
      expected: [],
    },
    {
      name: 'paused counts: the checks go on at 5 min',
      changes: [...DISCHARGED.slice(0, 2), { at: '09:02', phase: 'paused' as const, reason: 'nausea' }],
      samples: [reading('09:01', { sbp: 120 })],
      now: ms('09:07'),
      expected: [
        // No BP before the infusion: due 5 min after the session opened, so at once.
        ['vitals-1', '09:00', '08:55', '09:01'],
        ['vitals-2', '09:06', '09:06', null],
      ],
    },
    {
      name: 'going into recovery while overdue moves the due time to 15 min',
      changes: [...DISCHARGED.slice(0, 2), { at: '09:10', phase: 'recovery' as const }],
      samples: [reading('08:58', { sbp: 120 })],
      now: ms('09:16'),
      expected: [
        ['vitals-1', '09:03', '09:03', null],
        ['vitals-2', '09:13', '09:13', null],
      ],
    },
    {
      name: 'the discharge at the very moment of the discharge check meets it',
      changes: [...DISCHARGED.slice(0, 3), { at: '10:15', phase: 'discharged' as const }],
      samples: [reading('09:40', { sbp: 120 }), reading('09:55', { sbp: 120 }), reading('10:10', { sbp: 120 })],
      now: FAR_FUTURE,
      expected: [
        ['vitals-1', '09:00', '08:55', '09:40'],
        ['check-40-min-1', '09:40', '09:40', '09:40'],
        // In recovery from 09:45: every 15 min from the 09:40 reading, on time.
        ['vitals-2', '09:55', '09:55', '09:55'],
        ['vitals-3', '10:10', '10:10', '10:10'],
        ['discharge-check-1', '10:15', '10:15', '10:15'],
      ],
    },
  ])('$name', ({ changes, samples, now, expected }) => {
    expect(summary(promptEvents(detail(changes), samples, now))).toEqual(expected);
  });

  it('says when a check shown late (at a phase change) was due, and how late it was met or that it was not', () => {
    const events = promptEvents(detail(DISCHARGED), [reading('08:52', { sbp: 120 }), reading('09:07:30', { sbp: 120 })], ms('09:13'));
    expect(events.map(eventText)).toEqual([
      { title: 'Vitals due (every 5 min)', details: ['due since 08:57', 'BP taken at 09:07 (11 min late)'], by: null },
      { title: 'Vitals due (every 5 min)', details: ['not done'], by: null },
    ]);
  });
});

describe('lateness', () => {
  it.each([
    [0, 'on time'],
    [60_000, 'on time'],
    [60_001, '1 min late'],
    [7 * 60_000 + 20_000, '7 min late'],
  ])('%i ms: %s', (late, text) => {
    expect(lateness(late)).toBe(text);
  });
});

describe('shownEvents: the groups a reviewer turns off', () => {
  const events = buildTimeline({
    session: detail(DISCHARGED),
    samples: SAMPLES,
    observations: [entry('o1', '09:13')],
    alarms: [alarm('a1', '09:00', { acknowledgedAt: at('09:00'), clearedAt: at('09:01') })],
    now: FAR_FUTURE,
  });
  const kinds = (shown: readonly TimelineEvent[]) => [...new Set(shown.map((event) => event.kind))].sort();

  it.each([
    { hidden: [], expected: ['alarm-acknowledged', 'alarm-cleared', 'alarm-raised', 'phase', 'prompt', 'side-effect'] },
    { hidden: ['checks' as const], expected: ['alarm-acknowledged', 'alarm-cleared', 'alarm-raised', 'phase', 'side-effect'] },
    { hidden: ['alarms' as const, 'pump' as const], expected: ['prompt', 'side-effect'] },
    { hidden: ['alarms' as const, 'pump' as const, 'checks' as const, 'side-effects' as const], expected: [] },
  ])('hidden $hidden', ({ hidden, expected }) => {
    expect(kinds(shownEvents(events, new Set(hidden)))).toEqual(expected);
  });

  it('hides nothing: the same list', () => {
    expect(shownEvents(events, new Set())).toBe(events);
  });
});

describe('buildTimeline: one list in time order', () => {
  it('merges every source; at the same moment: phase, rate, prompt, side effect, alarm raised, acknowledged, cleared', () => {
    const session = detail(DISCHARGED);
    const events = timeline(session, {
      samples: SAMPLES,
      observations: [entry('o1', '09:13', { kind: 'nausea' }), entry('o2', '09:00')],
      alarms: [
        // Newest first, as the API sends them.
        alarm('a2', '09:13', { acknowledgedAt: at('09:13'), acknowledgedBy: 'Nurse Bo', clearedAt: at('09:13') }),
        alarm('a1', '09:00', { clearedAt: at('09:01') }),
      ],
    });
    expect(keys(events)).toEqual([
      'phase-0',
      'phase-1',
      'prompt-vitals-1',
      'side-effect-o2',
      'alarm-raised-a1',
      'alarm-cleared-a1',
      'prompt-vitals-2',
      'prompt-vitals-3',
      'side-effect-o1',
      'alarm-raised-a2',
      'alarm-acknowledged-a2',
      'alarm-cleared-a2',
      'prompt-check-40-min-1',
      'prompt-vitals-4',
      'phase-2',
      'prompt-vitals-5',
      'prompt-discharge-check-1',
      'phase-3',
    ]);
    expect(events.map((event) => event.at)).toEqual([...events.map((event) => event.at)].sort((a, b) => a - b));
  });

  it('has unique keys', () => {
    const events = timeline(detail(DISCHARGED), {
      samples: SAMPLES,
      observations: [entry('o1', '09:13'), entry('o2', '09:14')],
      alarms: [alarm('a1', '09:00', { acknowledgedAt: at('09:00'), clearedAt: at('09:01') })],
    });
    expect(new Set(keys(events)).size).toBe(events.length);
  });

  it('a session just opened: its opening only', () => {
    expect(timeline(detail([{ at: '08:50', phase: 'pre-infusion' }]), { now: ms('08:51') })).toEqual([
      expect.objectContaining({ key: 'phase-0' }),
    ]);
  });
});
