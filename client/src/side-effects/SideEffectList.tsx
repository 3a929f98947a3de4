import { useState } from 'react';
import { INTERVENTIONS, type InterventionKind, type Observation } from '../../../server/src/contract/observations.ts';
import type { SideEffectLog } from '../live/side-effect-log.ts';
import { formatClockTime } from '../ui/format.ts';
import { CorrectEntryForm } from './CorrectEntryForm.tsx';
import { SideEffectTag } from './SideEffectTag.tsx';
import { logEntries, sideEffectText, type LogEntry } from './side-effects.ts';

/** The session's side effects, newest first. A correction or strike-through keeps what it
 * replaced in view, struck through. */
export function SideEffectList({ log, canCorrect }: { log: SideEffectLog | undefined; canCorrect: boolean }) {
  const entries = logEntries(log);
  if (entries.length === 0) return <p className="form-notice">No side effects charted.</p>;
  return (
    <ol className="side-effect-log" data-testid="side-effect-log">
      {entries.map((entry) => (
        <Entry key={entry.current.id} entry={entry} canCorrect={canCorrect} />
      ))}
    </ol>
  );
}

function Entry({ entry: { current, earlier }, canCorrect }: { entry: LogEntry; canCorrect: boolean }) {
  const [editing, setEditing] = useState<'correct' | 'strike' | null>(null);
  return (
    <li className={current.struck ? 'log-entry log-entry-struck' : 'log-entry'} data-testid="side-effect-entry">
      <div className="log-entry-main">
        <time className="log-time" dateTime={current.observedAt}>
          {formatClockTime(Date.parse(current.observedAt))}
        </time>
        {current.struck ? <s>{sideEffectText(current)}</s> : <SideEffectTag entry={current} />}
        <EntryDetails observation={current} />
        <span className="log-by">{current.byName}</span>
        {canCorrect && !current.struck && editing === null && (
          <span className="log-actions">
            <button type="button" className="button button-small" onClick={() => setEditing('correct')} data-testid="side-effect-correct">
              Correct
            </button>
            <button type="button" className="button button-small" onClick={() => setEditing('strike')} data-testid="side-effect-strike">
              Strike through
            </button>
          </span>
        )}
      </div>
      {current.amendReason && (
        <p className="log-reason">
          {current.struck ? 'Struck through' : 'Corrected'}: {current.amendReason}
        </p>
      )}
      {editing && <CorrectEntryForm observation={current} strike={editing === 'strike'} onDone={() => setEditing(null)} />}
      {earlier.length > 0 && (
        <ol className="log-history" aria-label="Earlier versions">
          {earlier.map((version) => (
            <li key={version.id}>
              <s>
                {sideEffectText(version)}
                <EntryDetails observation={version} />
              </s>{' '}
              <span className="log-by">
                {formatClockTime(Date.parse(version.recordedAt))} {version.byName}
              </span>
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

function EntryDetails({ observation }: { observation: Observation }) {
  const { sedationScore, intervention, note } = observation;
  return (
    <>
      {sedationScore !== null && <span> · MOAA/S {sedationScore}</span>}
      {intervention && (
        <span>
          {' '}
          · {INTERVENTIONS[intervention.kind as InterventionKind] ?? intervention.kind}
          {intervention.detail && ` (${intervention.detail})`}
        </span>
      )}
      {note && <span className="log-note"> · {note}</span>}
    </>
  );
}
