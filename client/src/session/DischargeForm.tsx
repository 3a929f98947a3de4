import { useState, type FormEvent } from 'react';
import {
  assessDischarge,
  DISCHARGE_READY_AT,
  DISCHARGE_SCALES,
  ITEM_MAX,
  type DischargeScale,
} from '../../../server/src/clinical/discharge.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { ScoreButtons } from '../ui/ScoreButtons.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';
import { PAIN_SCORES } from '../ui/scores.ts';
import { useDischarge } from './session-api.ts';

/** The clinic's discharge scale until clinics can choose it. */
const DEFAULT_SCALE: DischargeScale = 'aldrete';
const ITEM_SCORES = Array.from({ length: ITEM_MAX + 1 }, (_, score) => score);

/**
 * The discharge checklist: each item of the scale one tap (0, 1, 2), the total against the
 * threshold, pain after and a note. Below the threshold the patient leaves only "anyway", with a
 * reason on record.
 */
export function DischargeForm({ session, onDone }: { session: SessionSummary; onDone(): void }) {
  const discharge = useDischarge(session.id);
  const [scale, setScale] = useState<DischargeScale>(DEFAULT_SCALE);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [painAfter, setPainAfter] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const items = Object.entries(DISCHARGE_SCALES[scale].items);
  const assessment = assessDischarge(scale, scores);
  const complete = !('invalid' in assessment);
  const total = complete ? assessment.total : Object.values(scores).reduce((sum, score) => sum + score, 0);
  const ready = complete && assessment.ready;
  const maxTotal = items.length * ITEM_MAX;

  function chooseScale(next: DischargeScale) {
    setScale(next);
    setScores({});
  }

  function send() {
    discharge.mutate(
      {
        scale,
        scores,
        ...(painAfter === null ? {} : { painAfter }),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(ready ? {} : { override: override.trim() }),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form
      className="action-panel"
      onSubmit={(event: FormEvent) => event.preventDefault()}
      noValidate
      aria-label="Discharge"
      data-testid="discharge-form"
    >
      <FormError message={formError(discharge.error, ['override', ...items.map(([item]) => `scores.${item}`)])} testId="discharge-error" />
      <div className="segmented" role="radiogroup" aria-label="Scale">
        {(Object.keys(DISCHARGE_SCALES) as DischargeScale[]).map((key) => (
          <button
            key={key}
            type="button"
            role="radio"
            aria-checked={scale === key}
            className="score-button"
            onClick={() => chooseScale(key)}
            data-testid={`discharge-scale-${key}`}
          >
            {DISCHARGE_SCALES[key].name}
          </button>
        ))}
      </div>
      {items.map(([item, label]) => (
        <ScoreButtons
          key={item}
          label={label}
          scores={ITEM_SCORES}
          value={scores[item] ?? null}
          onChange={(score) => setScores({ ...scores, [item]: score })}
          error={fieldError(discharge.error, `scores.${item}`)}
          testIdPrefix={`discharge-${item}`}
        />
      ))}
      <p className={ready ? 'discharge-total discharge-ready' : 'discharge-total'} data-testid="discharge-total" aria-live="polite">
        Total {total} of {maxTotal}
        {complete
          ? ready
            ? ' — ready for discharge'
            : ` — below ${DISCHARGE_READY_AT}`
          : ` — score every item (ready at ${DISCHARGE_READY_AT})`}
      </p>
      <ScoreButtons
        label="Pain now (0 none – 10 worst)"
        scores={PAIN_SCORES}
        value={painAfter}
        onChange={setPainAfter}
        testIdPrefix="pain-after"
      />
      <TextField label="Note" autoComplete="off" value={note} onChange={(event) => setNote(event.target.value)} testId="discharge-note" />
      {complete && !ready && (
        <TextField
          label="Why the patient leaves anyway"
          autoComplete="off"
          value={override}
          onChange={(event) => setOverride(event.target.value)}
          error={fieldError(discharge.error, 'override')}
          testId="discharge-override"
        />
      )}
      <div className="form-actions">
        <ConfirmButton
          label={ready || !complete ? 'Discharge' : 'Discharge anyway'}
          question={`Discharge ${session.patientInitials} with ${DISCHARGE_SCALES[scale].name} ${total} of ${maxTotal}? The session closes.`}
          confirmLabel="Yes, discharge"
          className="button button-primary button-big"
          disabled={!complete || (!ready && !override.trim()) || discharge.isPending}
          onConfirm={send}
          testId="discharge-submit"
        />
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
