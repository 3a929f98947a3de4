import { useState, type FormEvent } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { formError } from '../ui/field-errors.ts';
import { FormError } from '../ui/Field.tsx';
import { ScoreButtons } from '../ui/ScoreButtons.tsx';
import { MOAAS_SCORES, moaasText, PAIN_SCORES } from '../ui/scores.ts';
import { usePreScores } from './session-api.ts';

/** Pain (NRS 0–10) and sedation (MOAA/S 0–5) before the infusion: each one tap. */
export function PreScoresForm({ session, onDone }: { session: SessionSummary; onDone(): void }) {
  const save = usePreScores(session.id);
  const [pain, setPain] = useState<number | null>(session.painBefore);
  const [sedation, setSedation] = useState<number | null>(session.sedationBefore);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pain === null || sedation === null) return;
    save.mutate({ painBefore: pain, sedationBefore: sedation }, { onSuccess: onDone });
  }

  return (
    <form className="action-panel" onSubmit={submit} aria-label="Pre scores" data-testid="pre-scores-form">
      <FormError message={formError(save.error, [])} />
      <ScoreButtons label="Pain now (0 none – 10 worst)" scores={PAIN_SCORES} value={pain} onChange={setPain} testIdPrefix="pain-before" />
      <ScoreButtons
        label="Sedation (MOAA/S)"
        scores={MOAAS_SCORES}
        value={sedation}
        onChange={setSedation}
        describe={moaasText}
        testIdPrefix="sedation-before"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary button-big"
          disabled={pain === null || sedation === null || save.isPending}
          data-testid="pre-scores-save"
        >
          Save pre scores
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
