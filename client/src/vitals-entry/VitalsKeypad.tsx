import { useState, type FormEvent } from 'react';
import { VITALS } from '../../../server/src/contract/vitals.ts';
import { newId } from '../app/ids.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { formatClockTime } from '../ui/format.ts';
import { useRecordVitals } from './vitals-api.ts';
import { checkEntry, ENTRY_VITALS, type EntryIssue, type TypedEntry } from './vitals-entry.ts';

const FIELDS = [...ENTRY_VITALS, 'recordedAt'];

/**
 * One set of vitals typed at the chair: big inputs with the tablet's number pad, any subset of
 * them, optionally back-timed. An impossible value is refused naming the input; an unusual one is
 * saved only after a second tap confirming that very value.
 */
export function VitalsKeypad({ chairId, onSaved }: { chairId: number; onSaved?: () => void }) {
  const record = useRecordVitals(chairId);
  const [typed, setTyped] = useState<TypedEntry>({});
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<(EntryIssue & { key: string })[]>([]);
  const [refused, setRefused] = useState<EntryIssue | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  // One id per set, kept for a retry of the same set: the server then stores it once.
  const [entryId, setEntryId] = useState(newId);

  function type(field: keyof TypedEntry, text: string) {
    setTyped({ ...typed, [field]: text });
    setAsking([]);
    setRefused(null);
    setSavedAt(null);
    setEntryId(newId());
    record.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const nowConfirmed = new Set([...confirmed, ...asking.map((unusual) => unusual.key)]);
    setConfirmed(nowConfirmed);
    const check = checkEntry(typed, nowConfirmed);
    setRefused(check.kind === 'refused' ? check.issue : null);
    setAsking(check.kind === 'confirm' ? check.unusual : []);
    if (check.kind !== 'ready') return;
    const takenAt = Date.now() - check.minutesAgo * 60_000;
    record.mutate(
      { id: entryId, recordedAt: new Date(takenAt).toISOString(), ...check.values },
      {
        onSuccess() {
          setTyped({});
          setConfirmed(new Set());
          setSavedAt(takenAt);
          setEntryId(newId());
          onSaved?.();
        },
      },
    );
  }

  const errorOf = (field: string) =>
    (refused?.field === field ? refused.message : undefined) ??
    asking.find((unusual) => unusual.field === field)?.message ??
    fieldError(record.error, field) ??
    (field === 'minutesAgo' ? fieldError(record.error, 'recordedAt') : undefined);

  return (
    <form className="keypad" onSubmit={submit} noValidate aria-label="Enter vitals" data-testid="vitals-keypad">
      <FormError message={refused?.field === 'entry' ? refused.message : formError(record.error, FIELDS)} testId="vitals-error" />
      <div className="keypad-grid">
        {ENTRY_VITALS.map((vital) => (
          <TextField
            key={vital}
            label={`${VITALS[vital].label} (${VITALS[vital].unit})`}
            title={VITALS[vital].name}
            className={asking.some((unusual) => unusual.field === vital) ? 'keypad-input keypad-input-unusual' : 'keypad-input'}
            inputMode={vital === 'tempC' ? 'decimal' : 'numeric'}
            enterKeyHint="next"
            autoComplete="off"
            value={typed[vital] ?? ''}
            onChange={(event) => type(vital, event.target.value)}
            error={errorOf(vital)}
            testId={`vitals-${vital}`}
          />
        ))}
        <TextField
          label="Minutes ago"
          className="keypad-input"
          inputMode="numeric"
          enterKeyHint="done"
          autoComplete="off"
          placeholder="now"
          value={typed.minutesAgo ?? ''}
          onChange={(event) => type('minutesAgo', event.target.value)}
          error={errorOf('minutesAgo')}
          testId="vitals-minutes-ago"
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-big" disabled={record.isPending} data-testid="vitals-save">
          {asking.length > 0 ? 'Confirm and save' : 'Save vitals'}
        </button>
        {savedAt !== null && (
          <p className="form-notice" role="status" data-testid="vitals-saved">
            Saved, taken at {formatClockTime(savedAt)}
          </p>
        )}
      </div>
    </form>
  );
}
