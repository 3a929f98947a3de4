import { ALARM_RULES, RULE_IDS } from '../../../server/src/contract/alarms.ts';
import { SIDE_EFFECTS, type Observation, type SideEffect } from '../../../server/src/contract/observations.ts';
import { DEFAULT_PROTOCOL } from '../../../server/src/contract/prompts.ts';
import type { SessionDetail, SessionSummary } from '../../../server/src/contract/sessions.ts';
import { VITAL_KEYS, type VitalKey, type TrendSample } from '../../../server/src/contract/vitals.ts';
import { emptyLog, mergeObservations } from '../live/side-effect-log.ts';
import { logEntries } from '../side-effects/side-effects.ts';
import { sessionDose } from '../../../server/src/clinical/dose.ts';
import { dischargeText, eventText, historyEvents, interventionText } from './timeline.ts';

const MIN = 60_000;
/** The REMS-style check: vitals this long after the infusion started… */
export const CHECK_AT_MS = DEFAULT_PROTOCOL.checkAtMin * MIN;
/** …taken at most this far from it (either side), else "not recorded". */
export const CHECK_TOLERANCE_MS = 5 * MIN;

/** The moments of a session, in ms; null when it has not (yet) come. */
export interface SessionTimes {
  /** The session opened at the chair (pre-infusion). */
  arrivedAt: number;
  /** The pump first ran. */
  infusionStartAt: number | null;
  /** The pump last stopped: the end of the last infusing period (into recovery, a pause never
   * resumed, or the abort); null while it runs or when it never ran. */
  infusionStopAt: number | null;
  recoveryAt: number | null;
  endedAt: number | null;
  /** Ready to leave: the discharge (null for an aborted or active session). */
  dischargedAt: number | null;
}

export function sessionTimes(session: SessionSummary): SessionTimes {
  const phases = session.pumpEvents.flatMap((event) => ('phase' in event ? [{ at: Date.parse(event.at), phase: event.phase }] : []));
  const infusionStartAt = phases.find((change) => change.phase === 'infusing')?.at ?? null;
  let infusionStopAt: number | null = null;
  let running = false;
  for (const change of phases) {
    if (change.phase === 'infusing') {
      running = true;
      infusionStopAt = null;
    } else if (running) {
      running = false;
      infusionStopAt = change.at;
    }
  }
  const endedAt = session.endedAt === null ? null : Date.parse(session.endedAt);
  return {
    arrivedAt: Date.parse(session.startedAt),
    infusionStartAt,
    infusionStopAt,
    recoveryAt: phases.find((change) => change.phase === 'recovery')?.at ?? null,
    endedAt,
    dischargedAt: session.phase === 'discharged' ? endedAt : null,
  };
}

/** One vital's reading; `at` is null for a baseline value (the session keeps no time for it). */
export interface Reading {
  value: number;
  at: number | null;
}
export type Readings = Partial<Record<VitalKey, Reading>>;

export interface VitalsRow {
  /** Empty: "not recorded". */
  readings: Readings;
  /** The moment the row stands for (the 40-minute mark), when it has one. */
  target: number | null;
}

/** Vitals before the infusion: the session's baseline, with what it lacks (temperature) from the
 * last reading before the infusion started. */
export function vitalsBefore(session: SessionSummary, samples: readonly TrendSample[], infusionStartAt: number | null): VitalsRow {
  const readings: Readings = {};
  for (const key of VITAL_KEYS) {
    const value = session.baseline[key as keyof SessionSummary['baseline']];
    if (value !== undefined) readings[key] = { value, at: null };
  }
  if (infusionStartAt !== null) {
    const earlier = lastReadings(samples.filter((sample) => Date.parse(sample.recordedAt) <= infusionStartAt));
    for (const key of VITAL_KEYS) if (!readings[key] && earlier[key]) readings[key] = earlier[key];
  }
  return { readings, target: null };
}

/** Vitals at the 40-minute check: for each vital, the reading nearest to 40 min after the infusion
 * started, within 5 min either side (inclusive); of two equally near, the earlier. */
export function vitalsAt40(samples: readonly TrendSample[], infusionStartAt: number | null): VitalsRow {
  if (infusionStartAt === null) return { readings: {}, target: null };
  const target = infusionStartAt + CHECK_AT_MS;
  const readings: Readings = {};
  for (const sample of samples) {
    const at = Date.parse(sample.recordedAt);
    const distance = Math.abs(at - target);
    if (distance > CHECK_TOLERANCE_MS) continue;
    for (const key of VITAL_KEYS) {
      const value = sample[key];
      if (value === null) continue;
      const held = readings[key];
      const heldDistance = held ? Math.abs(held.at! - target) : Infinity;
      if (distance < heldDistance || (distance === heldDistance && at < held!.at!)) readings[key] = { value, at };
    }
  }
  return { readings, target };
}

/** Vitals at the end: the last reading of each vital. */
export function vitalsAtEnd(samples: readonly TrendSample[]): VitalsRow {
  return { readings: lastReadings(samples), target: null };
}

/** The latest reading of each vital, by device time (samples come in archive order). */
function lastReadings(samples: readonly TrendSample[]): Readings {
  const readings: Readings = {};
  for (const sample of samples) {
    const at = Date.parse(sample.recordedAt);
    for (const key of VITAL_KEYS) {
      const value = sample[key];
      if (value !== null && (readings[key]?.at ?? -Infinity) <= at) readings[key] = { value, at };
    }
  }
  return readings;
}

export interface ReportSideEffect {
  at: number;
  kind: SideEffect;
  label: string;
  severity: number;
  sedationScore: number | null;
  intervention: string | null;
  by: string;
  /** The entry was corrected (the report shows its current version). */
  corrected: boolean;
}

export interface ReportIntervention {
  at: number;
  text: string;
  /** The side effect it answered. */
  forWhat: string;
  by: string;
}

export interface ReportAction {
  at: number;
  what: string;
  by: string;
}

export interface ReportSummary {
  patient: SessionDetail['patient'];
  chairId: number;
  date: number;
  series: string;
  dose: { weightKg: number; doseMgPerKg: number; plannedMg: number; plannedMinutes: number; deliveredMg: number; percent: number };
  times: SessionTimes;
  vitals: { before: VitalsRow; at40: VitalsRow; end: VitalsRow };
  /** Any MOAA/S below 5 charted, or a sedation entry mild or worse (struck entries do not count). */
  sedation: { present: boolean; lowestMoaas: number | null };
  /** Any dissociation entry mild or worse. */
  dissociation: { present: boolean; worstSeverity: number | null };
  /** The entries on record (current versions, struck-through ones left out), oldest first. */
  sideEffects: ReportSideEffect[];
  interventions: ReportIntervention[];
  pain: { before: number | null; after: number | null };
  /** `Modified Aldrete 10`; null when not discharged. */
  discharge: string | null;
  abortReason: string | null;
  /** Phase and rate changes with who made them. */
  actions: ReportAction[];
  /** Everyone on the record: the history, the side-effect log, alarm acknowledgements. */
  staff: string[];
}

export interface ReportInput {
  session: SessionDetail;
  samples: readonly TrendSample[];
  observations: readonly Observation[];
  /** Names of whoever acknowledged the session's alarms. */
  acknowledgedBy?: readonly (string | null)[];
  now: number;
}

export function reportSummary({ session, samples, observations, acknowledgedBy = [], now }: ReportInput): ReportSummary {
  const times = sessionTimes(session);
  const entries = logEntries(mergeObservations(emptyLog(session.id), observations));
  const onRecord = entries
    .map((entry) => entry.current)
    .filter((current) => !current.struck)
    .sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  const firstBy = new Map(entries.map(({ current, earlier }) => [current.id, (earlier.at(-1) ?? current).byName]));

  const moaas = onRecord.flatMap((o) => (o.sedationScore === null ? [] : [o.sedationScore]));
  const lowestMoaas = moaas.length > 0 ? Math.min(...moaas) : null;
  const sedation = {
    present: (lowestMoaas !== null && lowestMoaas < 5) || onRecord.some((o) => o.kind === 'sedation' && o.severity >= 1),
    lowestMoaas,
  };
  const dissociations = onRecord.filter((o) => o.kind === 'dissociation').map((o) => o.severity);
  const worstDissociation = dissociations.length > 0 ? Math.max(...dissociations) : null;

  const dose = sessionDose(session, now);
  const actions: ReportAction[] = historyEvents(session).map((event) => {
    const text = eventText(event);
    return { at: event.at, what: [text.title, ...text.details].join(' — '), by: event.by };
  });
  const staff = new Set<string>();
  for (const name of [...session.history.map((change) => change.byName), ...observations.map((o) => o.byName), ...acknowledgedBy]) {
    if (name) staff.add(name);
  }

  return {
    patient: session.patient,
    chairId: session.chairId,
    date: times.arrivedAt,
    series: `${session.seriesNumber} of ${session.seriesLength}`,
    dose: {
      weightKg: session.weightKg,
      doseMgPerKg: session.doseMgPerKg,
      plannedMg: session.plannedDoseMg,
      plannedMinutes: Math.round(session.plannedDurationS / 60),
      deliveredMg: dose.deliveredMg,
      percent: dose.percent,
    },
    times,
    vitals: {
      before: vitalsBefore(session, samples, times.infusionStartAt),
      at40: vitalsAt40(samples, times.infusionStartAt),
      end: vitalsAtEnd(samples),
    },
    sedation,
    dissociation: { present: (worstDissociation ?? 0) >= 1, worstSeverity: worstDissociation },
    sideEffects: onRecord.map((o) => ({
      at: Date.parse(o.observedAt),
      kind: o.kind,
      label: o.kind === 'other' && o.detail ? `${SIDE_EFFECTS.other}: ${o.detail}` : SIDE_EFFECTS[o.kind],
      severity: o.severity,
      sedationScore: o.sedationScore,
      intervention: o.intervention ? interventionText(o.intervention) : null,
      by: firstBy.get(o.id) ?? o.byName,
      corrected: o.amendsId !== null,
    })),
    interventions: onRecord.flatMap((o) =>
      o.intervention
        ? [{ at: Date.parse(o.observedAt), text: interventionText(o.intervention), forWhat: SIDE_EFFECTS[o.kind], by: o.byName }]
        : [],
    ),
    pain: { before: session.painBefore, after: session.discharge?.painAfter ?? null },
    discharge: dischargeText(session.discharge),
    abortReason: session.abortReason,
    actions,
    staff: [...staff].sort((a, b) => a.localeCompare(b)),
  };
}

/** This session's own alarm limits in words, in the rule table's order: `SBP at or above 190
 * (default 180)`. Empty when the session ran the clinic profile. */
export function customLimits(alarmLimits: SessionSummary['alarmLimits']): string[] {
  return RULE_IDS.flatMap((id) => {
    const value = alarmLimits[id];
    if (value === undefined) return [];
    const { description, limit } = ALARM_RULES[id];
    const seconds = description.endsWith(' (s)');
    const text = seconds ? `${description.slice(0, -4)} ${value} s` : `${description} ${value}`;
    return [`${text} (default ${limit}${seconds ? ' s' : ''})`];
  });
}
