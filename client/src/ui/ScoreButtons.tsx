import { useId } from 'react';

interface ScoreButtonsProps {
  label: string;
  /** The scores offered, in the order shown. */
  scores: readonly number[];
  value: number | null;
  onChange(score: number): void;
  /** What a score means (MOAA/S), shown on its button. */
  describe?(score: number): string;
  /** The server's message about this score. */
  error?: string;
  /** Each button's test id is `<testIdPrefix>-<score>`. */
  testIdPrefix: string;
}

/** A score picked with one tap of a big button (pain 0–10, MOAA/S 0–5, an Aldrete item 0–2). */
export function ScoreButtons({ label, scores, value, onChange, describe, error, testIdPrefix }: ScoreButtonsProps) {
  const labelId = useId();
  return (
    <div className="score-field">
      <span className="score-label" id={labelId}>
        {label}
      </span>
      <div className={describe ? 'score-buttons score-buttons-described' : 'score-buttons'} role="radiogroup" aria-labelledby={labelId}>
        {scores.map((score) => (
          <button
            key={score}
            type="button"
            role="radio"
            aria-checked={value === score}
            className="score-button"
            onClick={() => onChange(score)}
            data-testid={`${testIdPrefix}-${score}`}
          >
            <span className="score-number">{score}</span>
            {describe && <span className="score-description">{describe(score)}</span>}
          </button>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
