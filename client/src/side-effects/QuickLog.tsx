import { useState } from 'react';
import {
  SIDE_EFFECT_KINDS,
  SIDE_EFFECTS,
  type Observation,
  type ObservationInput,
  type SideEffect,
} from '../../../server/src/contract/observations.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { newId } from '../app/ids.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { ScoreButtons } from '../ui/ScoreButtons.tsx';
import { MOAAS_SCORES, moaasText } from '../ui/scores.ts';
import { FollowUp } from './FollowUp.tsx';
import { useRecordSideEffect } from './side-effects-api.ts';
import { CHARTED_SEVERITIES, MINUTES_AGO_CHOICES, severityFromMoaas, severityName } from './side-effects.ts';

/**
 * Charting a side effect at the chair: the kind, then how bad — two taps, saved at once. Sedation
 * asks MOAA/S instead, "other" a few words. The follow-up (intervention, note, undo) comes after.
 */
export function QuickLog({ session }: { session: SessionSummary }) {
  const record = useRecordSideEffect(session.id);
  const [minutesAgo, setMinutesAgo] = useState<number>(0);
  const [kind, setKind] = useState<SideEffect | null>(null);
  const [detail, setDetail] = useState('');
  const [saved, setSaved] = useState<{ observation: Observation; savedAt: number } | null>(null);

  function save(entry: Pick<ObservationInput, 'severity' | 'sedationScore' | 'detail'>) {
    if (!kind) return;
    const observedAt = minutesAgo > 0 ? { observedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() } : {};
    send({ id: newId(), kind, ...entry, ...observedAt });
  }

  /** Sends an entry; sending the same one again (same id) after a failure stores it once. */
  function send(input: ObservationInput) {
    record.mutate(input, {
      onSuccess(observation) {
        setSaved({ observation, savedAt: Date.now() });
        setKind(null);
        setDetail('');
        setMinutesAgo(0);
      },
    });
  }

  return (
    <div className="quick-log" data-testid="quick-log">
      {saved && <FollowUp key={saved.observation.id} session={session} saved={saved} onClose={() => setSaved(null)} />}
      {record.isError && (
        <div className="form-error" role="alert">
          {errorMessage(record.error)}{' '}
          <button
            type="button"
            className="button button-small"
            onClick={() => record.variables && send(record.variables)}
            data-testid="side-effect-retry"
          >
            Try again
          </button>
        </div>
      )}
      {kind === null ? (
        <>
          <div className="segmented" role="radiogroup" aria-label="When">
            {MINUTES_AGO_CHOICES.map((minutes) => (
              <button
                key={minutes}
                type="button"
                role="radio"
                aria-checked={minutesAgo === minutes}
                className="score-button"
                onClick={() => setMinutesAgo(minutes)}
                data-testid={`side-effect-when-${minutes}`}
              >
                {minutes === 0 ? 'Now' : `${minutes} min ago`}
              </button>
            ))}
          </div>
          <div className="side-effect-kinds">
            {SIDE_EFFECT_KINDS.map((k) => (
              <button key={k} type="button" className="button side-effect-kind" onClick={() => setKind(k)} data-testid={`side-effect-${k}`}>
                {SIDE_EFFECTS[k]}
              </button>
            ))}
          </div>
        </>
      ) : (
        <div className="side-effect-step" aria-label={SIDE_EFFECTS[kind]} role="group">
          <p className="side-effect-step-title">
            {SIDE_EFFECTS[kind]}
            {minutesAgo > 0 && `, ${minutesAgo} min ago`}
          </p>
          {kind === 'sedation' ? (
            <ScoreButtons
              label="MOAA/S"
              scores={MOAAS_SCORES}
              value={null}
              onChange={(score) => save({ sedationScore: score, severity: severityFromMoaas(score) })}
              describe={moaasText}
              testIdPrefix="side-effect-moaas"
            />
          ) : (
            <>
              {kind === 'other' && (
                <label className="field">
                  What was it?
                  <input
                    value={detail}
                    maxLength={200}
                    onChange={(event) => setDetail(event.target.value)}
                    data-testid="side-effect-other-detail"
                  />
                </label>
              )}
              <div className="severity-buttons">
                {CHARTED_SEVERITIES.map((severity) => (
                  <button
                    key={severity}
                    type="button"
                    className={`button severity-button severity-${severity}`}
                    disabled={record.isPending || (kind === 'other' && !detail.trim())}
                    onClick={() => save({ severity, ...(kind === 'other' ? { detail: detail.trim() } : {}) })}
                    data-testid={`side-effect-severity-${severityName(severity)}`}
                  >
                    <span className="severity-mark" aria-hidden="true" />
                    {severityName(severity)}
                  </button>
                ))}
              </div>
            </>
          )}
          <button type="button" className="button button-secondary" onClick={() => setKind(null)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
