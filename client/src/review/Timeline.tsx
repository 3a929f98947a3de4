import { useState, type ReactNode } from 'react';
import { formatClockTime, formatClockTimeWithSeconds } from '../ui/format.ts';
import {
  eventText,
  observationText,
  ON_TIME_MS,
  shownEvents,
  TIMELINE_GROUPS,
  type TimelineEvent,
  type TimelineGroup,
  type TimelineKind,
} from './timeline.ts';
import './review.css';

const KIND_LABELS: Record<TimelineKind, string> = {
  phase: 'Phase',
  rate: 'Rate',
  prompt: 'Due',
  'side-effect': 'Side effect',
  'alarm-raised': 'Alarm',
  'alarm-acknowledged': 'Acknowledged',
  'alarm-cleared': 'Cleared',
};

interface TimelineProps {
  events: readonly TimelineEvent[];
  /** The key of the event the charts show; with `onSelect`, each event is a button. */
  selected?: string | null;
  onSelect?: (event: TimelineEvent) => void;
}

/** The session's record in time order. On screen each event moves the charts to its moment; on
 * paper it is a list. */
export function Timeline({ events, selected = null, onSelect }: TimelineProps) {
  const [hidden, setHidden] = useState<ReadonlySet<TimelineGroup>>(new Set());
  const shown = shownEvents(events, hidden);
  const toggle = (group: TimelineGroup) =>
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(group)) next.add(group);
      return next;
    });
  return (
    <section className="review-timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {onSelect && (
        <>
          <p className="review-hint">Pick an event to see the vitals around it.</p>
          <fieldset className="timeline-filter">
            <legend className="visually-hidden">Show</legend>
            {(Object.keys(TIMELINE_GROUPS) as TimelineGroup[]).map((group) => (
              <label key={group}>
                <input type="checkbox" checked={!hidden.has(group)} onChange={() => toggle(group)} data-testid={`timeline-show-${group}`} />
                {TIMELINE_GROUPS[group].label}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {shown.length === 0 ? (
        <p className="form-notice">{events.length === 0 ? 'Nothing on record.' : 'Nothing of the kinds shown.'}</p>
      ) : (
        <ol className="timeline-list" data-testid="timeline">
          {shown.map((event) => (
            <li key={event.key}>
              <EventRow event={event} selected={event.key === selected} onSelect={onSelect} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function EventRow({ event, selected, onSelect }: { event: TimelineEvent; selected: boolean; onSelect?: (event: TimelineEvent) => void }) {
  const text = eventText(event);
  const struck = event.kind === 'side-effect' && event.current.struck;
  const content: ReactNode = (
    <>
      <time className="timeline-time" dateTime={new Date(event.at).toISOString()}>
        {formatClockTimeWithSeconds(event.at)}
      </time>
      <span className="timeline-kind">{KIND_LABELS[event.kind]}</span>
      <span className="timeline-body">
        <span className="timeline-title">{struck ? <s>{text.title}</s> : text.title}</span>
        {struck && <span className="timeline-note"> (struck through)</span>}
        {text.details.map((detail) => (
          <span key={detail} className="timeline-detail">
            {detail}
          </span>
        ))}
        {event.kind === 'side-effect' &&
          event.earlier.map((version) => (
            <span key={version.id} className="timeline-detail timeline-earlier">
              Earlier version: <s>{observationText(version)}</s> (charted {formatClockTime(Date.parse(version.recordedAt))} by{' '}
              {version.byName}
              {version.amendReason ? `, itself a correction: ${version.amendReason}` : ''})
            </span>
          ))}
        {text.by && <span className="timeline-by">{text.by}</span>}
      </span>
    </>
  );
  const className = `timeline-event timeline-${event.kind} ${markClass(event)}${struck ? ' timeline-struck' : ''}`;
  const testId = `timeline-event-${event.key}`;
  if (!onSelect) {
    return (
      <div className={className} data-testid={testId}>
        {content}
      </div>
    );
  }
  return (
    <button
      type="button"
      className={className}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(event)}
      data-testid={testId}
    >
      {content}
    </button>
  );
}

/** The colour of the event's edge: the alarm's priority, the side effect's severity, a check missed
 * or late (each also in words). */
function markClass(event: TimelineEvent): string {
  if (event.kind === 'alarm-raised' || event.kind === 'alarm-acknowledged' || event.kind === 'alarm-cleared') {
    return `timeline-priority-${event.alarm.priority}`;
  }
  if (event.kind === 'side-effect') return `timeline-severity-${event.current.severity}`;
  if (event.kind === 'prompt') {
    if (event.answeredAt === null) return 'timeline-check-missed';
    return event.answeredAt - Date.parse(event.prompt.dueAt) > ON_TIME_MS ? 'timeline-check-late' : 'timeline-check-met';
  }
  return '';
}
