import { useState, type FormEvent } from 'react';
import { DEFAULT_ALARM_PROFILE, type AlarmProfile } from '../../../server/src/contract/alarms.ts';
import { ApiError } from '../app/http.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { formatDateTime } from '../ui/format.ts';
import type { FormIssue } from './alarm-limits.ts';
import { useSaveAlarmProfile } from './alarm-pages-api.ts';
import { fieldLabel, PROFILE_FIELDS, profileForm, profileRequest, TIMINGS, type ProfileForm } from './alarm-profile.ts';
import { AlarmLimitsTable } from './AlarmLimitsTable.tsx';

const DEFAULTS = profileForm(DEFAULT_ALARM_PROFILE);

/** The clinic's limits and timings, filled in from `profile` once: a later read does not undo edits. */
export function AlarmProfileForm({ profile }: { profile: AlarmProfile }) {
  const save = useSaveAlarmProfile();
  const [form, setForm] = useState<ProfileForm>(() => profileForm(profile));
  const [issue, setIssue] = useState<FormIssue | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const errorFor = (field: string) => (issue?.field === field ? issue.message : fieldError(save.error, field));
  // The input that stopped the save may be far up the page: name it by the Save button too.
  const stoppedAt = issue?.field ?? (save.error instanceof ApiError ? save.error.field : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const request = profileRequest(form);
    if (!request.ok) {
      save.reset();
      return setIssue(request);
    }
    setIssue(null);
    save.mutate(request.input, {
      onSuccess(saved) {
        setForm(profileForm(saved));
        setNotice('Saved.');
      },
    });
  }

  function fillDefaults() {
    save.reset();
    setIssue(null);
    setForm(DEFAULTS);
    setNotice('The ketamine defaults are filled in: Save to use them.');
  }

  return (
    <form
      className="panel-form alarm-profile-form"
      onSubmit={submit}
      noValidate
      aria-label="Alarm profile"
      data-testid="alarm-profile-form"
    >
      <p className="form-notice" data-testid="alarm-profile-updated">
        {profile.updatedAt
          ? `Last changed by ${profile.updatedBy ?? 'unknown'} at ${formatDateTime(Date.parse(profile.updatedAt))}.`
          : 'Never changed: the ketamine defaults are in force.'}
      </p>
      <FormError message={formError(save.error, PROFILE_FIELDS)} testId="alarm-profile-error" />
      <h2>Limits</h2>
      <AlarmLimitsTable
        values={form.limits}
        onChange={(id, text) => setForm({ ...form, limits: { ...form.limits, [id]: text } })}
        reference={{ title: 'Ketamine default', limits: DEFAULT_ALARM_PROFILE.limits }}
        changedNote="changed"
        errorFor={errorFor}
        testId="profile-limit"
      />
      <h2>Timings</h2>
      <p className="form-notice">High alarms never wait: they sound as soon as a value crosses the limit.</p>
      <div className="form-row">
        {TIMINGS.map(({ field, label, hint, range }) => (
          <TextField
            key={field}
            label={label}
            inputMode="numeric"
            autoComplete="off"
            value={form.timings[field]}
            onChange={(event) => setForm({ ...form, timings: { ...form.timings, [field]: event.target.value } })}
            hint={`${hint}; ${range[0]}–${range[1]} s, ketamine default ${DEFAULTS.timings[field]} s`}
            error={errorFor(field)}
            testId={`profile-${field.replace('.', '-')}`}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="alarm-profile-save">
          Save
        </button>
        <button type="button" className="button button-secondary" onClick={fillDefaults} data-testid="alarm-profile-defaults">
          Reset to ketamine defaults
        </button>
        {stoppedAt && PROFILE_FIELDS.includes(stoppedAt) && (
          <p className="form-error" role="alert" data-testid="alarm-profile-stopped">
            Not saved: check {fieldLabel(stoppedAt)}.
          </p>
        )}
        {notice && (
          <p className="form-notice" role="status" data-testid="alarm-profile-notice">
            {notice}
          </p>
        )}
      </div>
    </form>
  );
}
