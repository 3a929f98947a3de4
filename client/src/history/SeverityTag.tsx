import { severityName } from '../side-effects/side-effects.ts';

/** A side effect at its worst severity, the severity in words and in its colour. */
export function SeverityTag({ label, severity }: { label: string; severity: number }) {
  return (
    <span className={`side-effect-tag severity-${severity}`}>
      <span className="severity-mark" aria-hidden="true" />
      {label} — {severityName(severity)}
    </span>
  );
}
