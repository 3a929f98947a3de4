import { PRIORITY_MARKER, type Alarm } from '../../../server/src/contract/alarms.ts';
import { INTERVENTIONS, SIDE_EFFECTS, type InterventionKind, type Observation } from '../../../server/src/contract/observations.ts';
import { DEFAULT_PROTOCOL, duePrompts, type Prompt, type PromptKind, type Protocol } from '../../../server/src/contract/prompts.ts';
import type { Phase, SessionDetail, SessionSummary } from '../../../server/src/contract/sessions.ts';
import type { TrendSample } from '../../../server/src/contract/vitals.ts';
import { DISCHARGE_SCALES, type DischargeScale } from '../../../server/src/clinical/discharge.ts';
import { emptyLog, mergeObservations } from '../live/side-effect-log.ts';
import { logEntries, severityName } from '../side-effects/side-effects.ts';
import { formatAmount, formatClockTime, PHASE_LABELS } from '../ui/format.ts';

/** What the review's timeline shows, one kind per source of the record. */
export const TIMELINE_KINDS = ['phase', 'rate', 'prompt', 'side-effect', 'alarm-raised', 'alarm-acknowledged', 'alarm-cleared'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

interface EventBase {
  /** `<kind>-<id>`: unique in the timeline (the test id is `timeline-event-<key>`). */
  key: string;
  /** The history index for phase and rate changes, the entry's first version for a side effect,
   * the alarm's id, `<prompt kind>-<n>` (n from 1, in time order) for a prompt. */
  id: string;
  /** When it happened, in ms. */
  at: number;
}

export interface PhaseEvent extends EventBase {
  kind: 'phase';
  from: Phase | null;
  to: Phase | null;
  reason: string | null;
  by: string;
}

export interface RateEvent extends EventBase {
  kind: 'rate';
  rateMgPerH: number | null;
  reason: string | null;
  by: string;
}

export interface SideEffectEvent extends EventBase {
  kind: 'side-effect';
  /** The version on record now: a struck one is on record struck through. */
  current: Observation;
  /** The versions it replaced, newest first. */
  earlier: Observation[];
}

export interface AlarmEvent extends EventBase {
  kind: 'alarm-raised' | 'alarm-acknowledged' | 'alarm-cleared';
  alarm: Alarm;
  /** Cleared at or after the end of the session: the server ends a session's alarms with it. */
  withSessionEnd: boolean;
}

export interface PromptEvent extends EventBase {
  kind: 'prompt';
  prompt: Prompt;
  /** When the protocol's ask was met (a BP reading; the discharge), or null when it was not. */
  answeredAt: number | null;
}

export type TimelineEvent = PhaseEvent | RateEvent | SideEffectEvent | AlarmEvent | PromptEvent;

export interface TimelineInput {
  session: SessionDetail;
  observations: readonly Observation[];
  alarms: readonly Alarm[];
  samples: readonly TrendSample[];
  /** An active session's record ends now. */
  now: number;
  protocol?: Protocol;
}

const KIND_ORDER = Object.fromEntries(TIMELINE_KINDS.map((kind, index) => [kind, index])) as Record<TimelineKind, number>;

/**
 * The session's record as one list in time order: phase and rate changes (who and why), side effects
 * (each entry once, at its observed time, with the versions it replaced), alarms raised,
 * acknowledged and cleared, and the protocol's timed prompts as they fell due. Events at the same
 * moment keep the order of `TIMELINE_KINDS`, then the order of their source.
 */
export function buildTimeline({
  session,
  observations,
  alarms,
  samples,
  now,
  protocol = DEFAULT_PROTOCOL,
}: TimelineInput): TimelineEvent[] {
  const events: TimelineEvent[] = historyEvents(session);

  for (const { current, earlier } of logEntries(mergeObservations(emptyLog(session.id), observations))) {
    const id = (earlier.at(-1) ?? current).id;
    events.push({ key: `side-effect-${id}`, id, kind: 'side-effect', at: Date.parse(current.observedAt), current, earlier });
  }

  const endedAt = session.endedAt === null ? null : Date.parse(session.endedAt);
  for (const alarm of alarms) {
    const moments: [AlarmEvent['kind'], string | null][] = [
      ['alarm-raised', alarm.raisedAt],
      ['alarm-acknowledged', alarm.acknowledgedAt],
      ['alarm-cleared', alarm.clearedAt],
    ];
    for (const [kind, at] of moments) {
      if (at === null) continue;
      const ms = Date.parse(at);
      events.push({
        key: `${kind}-${alarm.id}`,
        id: alarm.id,
        kind,
        at: ms,
        alarm,
        withSessionEnd: kind === 'alarm-cleared' && endedAt !== null && ms >= endedAt,
      });
    }
  }

  for (const event of promptEvents(session, samples, now, protocol)) events.push(event);

  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind] || a.index - b.index)
    .map(({ event }) => event);
}

/** The session's phase and rate changes, in the order of its history (`id`: the index in it). */
export function historyEvents(session: Pick<SessionDetail, 'history'>): (PhaseEvent | RateEvent)[] {
  return session.history.map((change, index) => {
    const base = { id: String(index), at: Date.parse(change.at), reason: change.reason, by: change.byName };
    return change.kind === 'phase'
      ? { ...base, key: `phase-${index}`, kind: 'phase', from: change.fromPhase, to: change.toPhase }
      : { ...base, key: `rate-${index}`, kind: 'rate', rateMgPerH: change.rateMgPerH };
  });
}

const MIN = 60_000;

/**
 * The protocol's timed checks as they fell due, rebuilt with the board's own rule (`duePrompts`): at
 * every moment one can fall due (an interval after each BP reading or the session's start, the
 * 40-minute check, the end of the minimum recovery, a phase change), what was due then. A check is
 * due when its moment comes without the BP renewed before it: a reading at that very moment answers
 * it on time (so a nurse who is never late still shows every check, met), as the end of the session
 * at the moment of the discharge check does. Each once, at the moment it fell due.
 */
export function promptEvents(
  session: SessionDetail,
  samples: readonly TrendSample[],
  now: number,
  protocol: Protocol = DEFAULT_PROTOCOL,
): PromptEvent[] {
  const end = session.endedAt ? Math.min(now, Date.parse(session.endedAt)) : now;
  const bpTimes = samples
    .filter((sample) => sample.sbp !== null)
    .map((sample) => Date.parse(sample.recordedAt))
    .sort((a, b) => a - b);
  const phaseChanges = session.pumpEvents.flatMap((event) => ('phase' in event ? [{ at: Date.parse(event.at), phase: event.phase }] : []));
  const started = Date.parse(session.startedAt);
  const firstAt = (phase: Phase) => phaseChanges.find((change) => change.phase === phase)?.at;

  const candidates = new Set<number>();
  for (const anchor of [started, ...bpTimes]) {
    candidates.add(anchor + protocol.vitalsEveryMinInfusing * MIN);
    candidates.add(anchor + protocol.vitalsEveryMinRecovery * MIN);
  }
  for (const change of phaseChanges) candidates.add(change.at);
  const infusionStart = firstAt('infusing');
  if (infusionStart !== undefined) candidates.add(infusionStart + protocol.checkAtMin * MIN);
  const recoveryStart = firstAt('recovery');
  if (recoveryStart !== undefined) candidates.add(recoveryStart + protocol.minRecoveryMin * MIN);

  const seen = new Set<string>();
  const counts: Partial<Record<PromptKind, number>> = {};
  const events: PromptEvent[] = [];
  for (const t of [...candidates].sort((a, b) => a - b)) {
    if (t > end) break;
    const lastBp = lastBefore(bpTimes, t);
    const latest = lastBp === null ? {} : { sbp: { value: 0, recordedAt: new Date(lastBp).toISOString() } };
    for (const prompt of duePrompts(sessionAt(session, t), latest, t, protocol)) {
      const identity = `${prompt.kind}|${prompt.dueAt}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const n = (counts[prompt.kind] = (counts[prompt.kind] ?? 0) + 1);
      const id = `${prompt.kind}-${n}`;
      events.push({ key: `prompt-${id}`, id, kind: 'prompt', at: t, prompt, answeredAt: answeredAt(session, prompt, bpTimes, end) });
    }
  }
  return events;
}

/** The session as it stood at `t`: its phase then, and the pump events up to then (its end only
 * once past: what falls due at the very moment it ends was met by the end). */
function sessionAt(session: SessionSummary, t: number): SessionSummary {
  const pumpEvents = session.pumpEvents.filter((event) => {
    const at = Date.parse(event.at);
    return at < t || (at === t && !('phase' in event && (event.phase === 'discharged' || event.phase === 'aborted')));
  });
  let phase: Phase = 'scheduled';
  for (const event of pumpEvents) if ('phase' in event) phase = event.phase;
  return { ...session, phase, pumpEvents };
}

function answeredAt(session: SessionDetail, prompt: Prompt, bpTimes: readonly number[], end: number): number | null {
  const due = Date.parse(prompt.dueAt);
  if (prompt.kind === 'discharge-check') {
    return session.phase === 'discharged' && session.endedAt && Date.parse(session.endedAt) >= due ? Date.parse(session.endedAt) : null;
  }
  const reading = bpTimes.find((t) => t >= due);
  return reading !== undefined && reading <= end ? reading : null;
}

/** The last of ascending `times` before `t`. */
function lastBefore(times: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : times[lo - 1];
}

/** An event in words, for the review and the printed report alike. */
export interface EventText {
  title: string;
  /** Further lines: reasons, interventions, corrections. */
  details: string[];
  /** Who did it, when the record says. */
  by: string | null;
}

export function eventText(event: TimelineEvent): EventText {
  switch (event.kind) {
    case 'phase': {
      const to = event.to ? PHASE_LABELS[event.to] : '—';
      const title = event.from === null ? `Session opened (${to})` : `${PHASE_LABELS[event.from]} → ${to}`;
      return { title, details: event.reason ? [event.reason] : [], by: event.by };
    }
    case 'rate':
      return {
        title: `Rate changed to ${event.rateMgPerH === null ? '—' : formatAmount(event.rateMgPerH)} mg/h`,
        details: event.reason ? [event.reason] : [],
        by: event.by,
      };
    case 'side-effect':
      return sideEffectEventText(event);
    case 'alarm-raised': {
      const { alarm } = event;
      const details = alarm.escalatedAt ? [`escalated at ${formatClockTime(Date.parse(alarm.escalatedAt))}`] : [];
      return { title: `${PRIORITY_MARKER[alarm.priority]} Alarm: ${alarm.message}`, details, by: null };
    }
    case 'alarm-acknowledged':
      return {
        title: `${PRIORITY_MARKER[event.alarm.priority]} Alarm acknowledged: ${event.alarm.message}`,
        details: [],
        by: event.alarm.acknowledgedBy,
      };
    case 'alarm-cleared':
      return {
        title: `${PRIORITY_MARKER[event.alarm.priority]} Alarm cleared: ${event.alarm.message}`,
        details: event.withSessionEnd ? ['with the end of the session'] : [],
        by: null,
      };
    case 'prompt': {
      const due = Date.parse(event.prompt.dueAt);
      const details: string[] = [];
      if (due < event.at) details.push(`due since ${formatClockTime(due)}`);
      const what = event.prompt.kind === 'discharge-check' ? 'discharged' : 'BP taken';
      details.push(
        event.answeredAt === null ? 'not done' : `${what} at ${formatClockTime(event.answeredAt)} (${lateness(event.answeredAt - due)})`,
      );
      return { title: event.prompt.text, details, by: null };
    }
  }
}

/** A check met within this long of falling due was met on time. */
export const ON_TIME_MS = 60_000;

/** `on time`, `7 min late` */
export function lateness(ms: number): string {
  return ms <= ON_TIME_MS ? 'on time' : `${Math.round(ms / 60_000)} min late`;
}

/** Which kinds the timeline shows, by the groups a reviewer turns on and off. */
export const TIMELINE_GROUPS = {
  pump: { label: 'Phase and rate', kinds: ['phase', 'rate'] },
  'side-effects': { label: 'Side effects', kinds: ['side-effect'] },
  alarms: { label: 'Alarms', kinds: ['alarm-raised', 'alarm-acknowledged', 'alarm-cleared'] },
  checks: { label: 'Protocol checks', kinds: ['prompt'] },
} as const satisfies Record<string, { label: string; kinds: readonly TimelineKind[] }>;
export type TimelineGroup = keyof typeof TIMELINE_GROUPS;

/** The events of the groups shown. */
export function shownEvents(events: readonly TimelineEvent[], hidden: ReadonlySet<TimelineGroup>): readonly TimelineEvent[] {
  if (hidden.size === 0) return events;
  const kinds = new Set<TimelineKind>([...hidden].flatMap((group) => TIMELINE_GROUPS[group].kinds));
  return events.filter((event) => !kinds.has(event.kind));
}

/** `Nausea — moderate`, with MOAA/S, the detail of "other" and the intervention given. */
export function observationText(observation: Observation): string {
  const parts = [
    `${SIDE_EFFECTS[observation.kind]}${observation.detail ? `: ${observation.detail}` : ''} — ${severityName(observation.severity)}`,
  ];
  if (observation.sedationScore !== null) parts.push(`MOAA/S ${observation.sedationScore}`);
  return parts.join(' · ');
}

export function interventionText(intervention: NonNullable<Observation['intervention']>): string {
  const name = INTERVENTIONS[intervention.kind as InterventionKind] ?? intervention.kind;
  return intervention.detail ? `${name} (${intervention.detail})` : name;
}

function sideEffectEventText({ current, earlier }: SideEffectEvent): EventText {
  const details: string[] = [];
  if (current.intervention) details.push(`Intervention: ${interventionText(current.intervention)}`);
  if (current.note) details.push(current.note);
  if (current.amendsId !== null) {
    const when = formatClockTime(Date.parse(current.recordedAt));
    details.push(`${current.struck ? 'Struck through' : 'Corrected'} at ${when} by ${current.byName}: ${current.amendReason ?? ''}`.trim());
  }
  const first = earlier.at(-1) ?? current;
  return { title: observationText(current), details, by: first.byName };
}

/** The discharge score in words: `Modified Aldrete 10`, `(anyway: …)` when below the threshold. */
export function dischargeText(discharge: SessionDetail['discharge']): string | null {
  if (!discharge) return null;
  const scale = DISCHARGE_SCALES[discharge.scale as DischargeScale]?.name ?? discharge.scale;
  return `${scale} ${discharge.score}${discharge.override ? ` (discharged anyway: ${discharge.override})` : ''}`;
}
