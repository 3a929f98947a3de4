import { useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  label: string;
  /** What the second tap does, asked as a question. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
  className?: string;
  /** The first button; the confirming one is `<testId>-confirm`. */
  testId: string;
}

/** An irreversible step takes two taps: the second answers what the first will do. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled, className = 'button', testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="button button-primary"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-confirm`}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        Cancel
      </button>
    </div>
  );
}
