import { useState } from 'react';
import { INTERVENTIONS, SIDE_EFFECTS, type InterventionKind, type Observation } from '../../../server/src/contract/observations.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { RateChangeForm } from '../session/RateChangeForm.tsx';
import { useTransition } from '../session/session-api.ts';
import { useNow } from '../ui/clock.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { formatClockTime } from '../ui/format.ts';
import { SideEffectTag } from './SideEffectTag.tsx';
import { useAmendSideEffect } from './side-effects-api.ts';
import { UNDO_REASON, undoLeftMs } from './side-effects.ts';

interface FollowUpProps {
  session: SessionSummary;
  saved: { observation: Observation; savedAt: number };
  onClose(): void;
}

/** After an entry is saved: what was done about it, a note, and undo for a few seconds. Each is a
 * new version of the entry, so the follow-up works on the latest one. */
export function FollowUp({ session, saved, onClose }: FollowUpProps) {
  const amend = useAmendSideEffect();
  const [current, setCurrent] = useState(saved.observation);
  const [otherIntervention, setOtherIntervention] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const undoLeft = undoLeftMs(saved.savedAt, useNow());
  const given = current.intervention?.kind as InterventionKind | undefined;

  function give(kind: InterventionKind, detail?: string) {
    const intervention = detail ? { kind, detail } : { kind };
    amend.mutate({ id: current.id, change: { reason: 'intervention given', intervention } }, { onSuccess: setCurrent });
  }

  return (
    <section className="follow-up" aria-label="Charted" data-testid="side-effect-follow-up">
      <p className="follow-up-title" role="status">
        Charted <SideEffectTag entry={current} /> at {formatClockTime(Date.parse(current.observedAt))}
        {undoLeft > 0 && (
          <button
            type="button"
            className="button button-small"
            disabled={amend.isPending}
            onClick={() => amend.mutate({ id: current.id, change: { reason: UNDO_REASON, struck: true } }, { onSuccess: onClose })}
            data-testid="side-effect-undo"
          >
            Undo ({Math.ceil(undoLeft / 1000)} s)
          </button>
        )}
        <button type="button" className="button button-small button-secondary" onClick={onClose} data-testid="side-effect-done">
          Done
        </button>
      </p>
      {amend.isError && <p className="form-error">{errorMessage(amend.error)}</p>}
      {given ? (
        <p data-testid="side-effect-intervention">
          Given: {INTERVENTIONS[given]}
          {current.intervention?.detail && ` (${current.intervention.detail})`}
        </p>
      ) : (
        <div className="interventions" role="group" aria-label="Intervention given">
          {(Object.keys(INTERVENTIONS) as InterventionKind[]).map((kind) => (
            <button
              key={kind}
              type="button"
              className="button"
              disabled={amend.isPending}
              onClick={() => (kind === 'other' ? setOtherIntervention('') : give(kind))}
              data-testid={`intervention-${kind}`}
            >
              {INTERVENTIONS[kind]}
            </button>
          ))}
          {otherIntervention !== null && (
            <span className="inline-form">
              <input
                aria-label="Which intervention"
                value={otherIntervention}
                maxLength={200}
                onChange={(event) => setOtherIntervention(event.target.value)}
                data-testid="intervention-other-detail"
              />
              <button
                type="button"
                className="button"
                disabled={!otherIntervention.trim() || amend.isPending}
                onClick={() => give('other', otherIntervention.trim())}
              >
                Save
              </button>
            </span>
          )}
        </div>
      )}
      <PumpAction session={session} given={given} sideEffect={SIDE_EFFECTS[current.kind]} />
      <span className="inline-form">
        <input
          aria-label="Note"
          placeholder="Note"
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
          data-testid="side-effect-note"
        />
        <button
          type="button"
          className="button"
          disabled={!note.trim() || amend.isPending}
          onClick={() => amend.mutate({ id: current.id, change: { reason: 'note added', note: note.trim() } }, { onSuccess: setCurrent })}
          data-testid="side-effect-note-save"
        >
          Add note
        </button>
      </span>
    </section>
  );
}

/** "Infusion paused" and "rate reduced" can be done from here too, while the pump allows it. */
function PumpAction({ session, given, sideEffect }: { session: SessionSummary; given: InterventionKind | undefined; sideEffect: string }) {
  const pause = useTransition(session.id);
  const [rateDone, setRateDone] = useState(false);
  if (given === 'infusion-paused' && session.phase === 'infusing') {
    return (
      <p>
        <button
          type="button"
          className="button button-primary"
          disabled={pause.isPending}
          onClick={() => pause.mutate({ to: 'paused', reason: sideEffect })}
          data-testid="follow-up-pause"
        >
          Pause the infusion now
        </button>
        {pause.isError && <span className="form-error">{errorMessage(pause.error)}</span>}
      </p>
    );
  }
  if (given === 'rate-reduced' && !rateDone && (session.phase === 'infusing' || session.phase === 'paused')) {
    return <RateChangeForm session={session} reason={`${sideEffect}: rate reduced`} onDone={() => setRateDone(true)} />;
  }
  return null;
}
