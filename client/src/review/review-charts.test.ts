import { describe, expect, it } from 'vitest';
import type { ChartRow } from '../chair/chart-rows.ts';
import { alarmAreas, visibleRows, wholeSessionAxis, zoomWindow } from './review-charts.ts';
import { alarm, at, ms, reading } from './test-fixtures.ts';

describe('wholeSessionAxis', () => {
  it.each([
    { name: 'a closed session: start to end', endedAt: at('10:00'), samples: [], now: ms('12:00'), expected: ['09:00', '10:00'] },
    { name: 'an active session: start to now', endedAt: null, samples: [], now: ms('09:30'), expected: ['09:00', '09:30'] },
    {
      name: 'stretched to samples outside it (a monitor clock running off)',
      endedAt: at('10:00'),
      samples: [reading('08:59', { hr: 70 }), reading('10:01', { hr: 70 })],
      now: ms('12:00'),
      expected: ['08:59', '10:01'],
    },
    { name: 'at least a minute', endedAt: at('09:00'), samples: [], now: ms('12:00'), expected: ['09:00', '09:01'] },
  ])('$name', ({ endedAt, samples, now, expected }) => {
    expect(wholeSessionAxis({ startedAt: at('09:00'), endedAt }, samples, now)).toEqual(expected.map(ms));
  });
});

describe('zoomWindow: ±10 min around a moment, inside the session', () => {
  const whole = [ms('09:00'), ms('10:00')] as const;
  it.each([
    { name: 'in the middle', center: '09:30', expected: ['09:20', '09:40'] },
    { name: 'near the start: moved right', center: '09:03', expected: ['09:00', '09:20'] },
    { name: 'near the end: moved left', center: '09:58', expected: ['09:40', '10:00'] },
    { name: 'before the start (an event outside the session)', center: '08:00', expected: ['09:00', '09:20'] },
  ])('$name', ({ center, expected }) => {
    expect(zoomWindow(ms(center), whole)).toEqual(expected.map(ms));
  });

  it('a session shorter than the window: all of it', () => {
    expect(zoomWindow(ms('09:05'), [ms('09:00'), ms('09:15')])).toEqual([ms('09:00'), ms('09:15')]);
  });
});

describe('visibleRows', () => {
  const rows: ChartRow[] = Array.from({ length: 3600 }, (_, i) => ({ t: ms('09:00') + i * 1000, hr: 60 + (i % 30) }));

  it('keeps the window and one row either side', () => {
    const shown = visibleRows(rows, [ms('09:10'), ms('09:11')], ['hr']);
    expect(shown[0].t).toBe(ms('09:09:59'));
    expect(shown.at(-1)!.t).toBe(ms('09:11:01'));
    expect(shown).toHaveLength(63);
  });

  it('downsamples only for drawing: the whole hour to the limit, a 20-minute window from its own rows', () => {
    const whole = visibleRows(rows, [ms('09:00'), ms('10:00')], ['hr'], 500);
    expect(whole).toHaveLength(500);
    expect(whole[0]).toBe(rows[0]);
    expect(whole.at(-1)).toBe(rows.at(-1));
    const zoomed = visibleRows(rows, [ms('09:20'), ms('09:40')], ['hr'], 500);
    expect(zoomed).toHaveLength(500);
    expect(zoomed[0].t).toBe(ms('09:19:59'));
    expect(zoomed.at(-1)!.t).toBe(ms('09:40:01'));
    expect(rows).toHaveLength(3600);
  });

  it.each([
    { name: 'no rows', rows: [], window: ['09:00', '09:10'], expected: [] },
    { name: 'a window before every row: the first', rows: [{ t: ms('09:30'), sbp: 120 }], window: ['09:00', '09:10'], expected: ['09:30'] },
    { name: 'a window after every row: the last', rows: [{ t: ms('08:30'), sbp: 120 }], window: ['09:00', '09:10'], expected: ['08:30'] },
    {
      name: 'sparse BP readings: the ones around the window too',
      rows: ['09:00', '09:05', '09:10', '09:15', '09:20'].map((time) => ({ t: ms(time), sbp: 120 })),
      window: ['09:06', '09:12'],
      expected: ['09:05', '09:10', '09:15'],
    },
  ])('$name', ({ rows: given, window, expected }) => {
    const shown = visibleRows(given, [ms(window[0]), ms(window[1])], ['sbp']);
    expect(shown.map((row) => row.t)).toEqual(expected.map(ms));
  });
});

describe('alarmAreas', () => {
  const window = [ms('09:00'), ms('10:00')] as const;
  const end = ms('10:00');
  const sbp = alarm('a1', '09:10', { clearedAt: at('09:20') });
  const hr = alarm('a2', '09:30', { parameter: 'hr', priority: 'medium', message: 'HR 115 ≥ 111', clearedAt: at('09:31') });
  const stale = alarm('a3', '09:40', {
    parameter: 'device',
    kind: 'technical',
    priority: 'low',
    message: 'No data',
    clearedAt: at('09:45'),
  });
  const sedation = alarm('a4', '09:50', { parameter: 'sedation', priority: 'high', message: 'MOAA/S 2 ≤ 2' });

  it.each([
    { chart: 'bp' as const, expected: ['a1', 'a3', 'a4'] },
    { chart: 'hr' as const, expected: ['a2', 'a3', 'a4'] },
    { chart: 'tempC' as const, expected: ['a3', 'a4'] },
  ])('on the $chart chart: its parameters’ alarms, and those of no chart of their own', ({ chart, expected }) => {
    expect(alarmAreas([sbp, hr, stale, sedation], chart, window, end).map((area) => area.alarmId)).toEqual(expected);
  });

  it('spans raised to cleared, or to the end while it lasts; labelled with the marker, and the message when wide enough', () => {
    expect(alarmAreas([sbp, sedation], 'bp', window, end)).toEqual([
      { alarmId: 'a1', priority: 'high', x1: ms('09:10'), x2: ms('09:20'), label: '*** SBP 186 ≥ 180', lane: 0 },
      { alarmId: 'a4', priority: 'high', x1: ms('09:50'), x2: ms('10:00'), label: '*** MOAA/S 2 ≤ 2', lane: 0 },
    ]);
    // A minute of an hour: too narrow for the message.
    expect(alarmAreas([hr], 'hr', window, end)).toEqual([
      { alarmId: 'a2', priority: 'medium', x1: ms('09:30'), x2: ms('09:31'), label: '**', lane: 0 },
    ]);
  });

  it('puts labels that would overlap one under the other, and reuses a lane once it is free', () => {
    const areas = alarmAreas(
      [
        alarm('b1', '09:10', { clearedAt: at('09:40') }),
        alarm('b2', '09:10', { parameter: 'dbp', message: 'DBP 116 ≥ 110', clearedAt: at('09:40') }),
        alarm('b3', '09:12', { clearedAt: at('09:12:30') }),
        alarm('b4', '09:45', { clearedAt: at('09:55') }),
      ],
      'bp',
      window,
      end,
    );
    expect(areas.map((area) => [area.alarmId, area.label, area.lane])).toEqual([
      ['b1', '*** SBP 186 ≥ 180', 0],
      ['b2', '*** DBP 116 ≥ 110', 1],
      ['b3', '***', 2],
      // 35 min after b1: its lane is free again (a label with its message takes about 18 min of an hour).
      ['b4', '*** SBP 186 ≥ 180', 0],
    ]);
  });

  it.each([
    { name: 'outside the window: left out', raised: '08:00', cleared: '08:30', expected: null },
    {
      name: 'cleared exactly at the window start: kept (widened to be seen)',
      raised: '08:00',
      cleared: '09:20',
      expected: ['09:20', '09:20:04.8'],
    },
    { name: 'across the window start: clipped', raised: '09:15', cleared: '09:25', expected: ['09:20', '09:25'] },
    { name: 'across the window end: clipped', raised: '09:35', cleared: '09:50', expected: ['09:35', '09:40'] },
    { name: 'a one-second alarm: widened to be seen', raised: '09:30', cleared: '09:30:01', expected: ['09:30', '09:30:04.8'] },
    {
      name: 'a one-second alarm at the window end: widened leftwards',
      raised: '09:40',
      cleared: '09:40:01',
      expected: ['09:39:55.2', '09:40'],
    },
  ])('$name', ({ raised, cleared, expected }) => {
    const areas = alarmAreas([alarm('a', raised, { clearedAt: at(cleared) })], 'bp', [ms('09:20'), ms('09:40')], end);
    expect(areas.map((area) => [area.x1, area.x2])).toEqual(expected ? [expected.map(ms)] : []);
  });
});
