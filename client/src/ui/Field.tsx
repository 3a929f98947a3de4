import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

interface FieldProps {
  label: string;
  /** The server's (or the form's) message about this input. */
  error?: string;
  hint?: string;
  /** Test id of the input; its error is `<testId>-error`. */
  testId?: string;
}

/** A labelled input with its hint and its error, linked for screen readers. */
export function TextField({ label, error, hint, testId, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} testId={testId}>
      <input id={id} {...describedBy(id, error, hint)} data-testid={testId} {...input} />
    </FieldFrame>
  );
}

export function SelectField({ label, error, hint, testId, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} testId={testId}>
      <select id={id} {...describedBy(id, error, hint)} data-testid={testId} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

function FieldFrame({ id, label, error, hint, testId, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={testId && `${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, error: string | undefined, hint: string | undefined) {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** A form's error that belongs to no single input (wrong credentials, too many attempts…). */
export function FormError({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
