import { useState, type FormEvent } from 'react';
import { effectiveLimits, RULE_IDS, type AlarmLimits } from '../../../server/src/contract/alarms.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import {
  customLimits,
  limitField,
  limitsForm,
  ruleText,
  ruleUnit,
  sessionLimitsRequest,
  withUnit,
  type FormIssue,
} from './alarm-limits.ts';
import { useAlarmProfile, useSetSessionAlarmLimits } from './alarm-pages-api.ts';
import { AlarmLimitsTable } from './AlarmLimitsTable.tsx';
import './alarm-pages.css';

interface AlarmLimitsFormProps {
  session: SessionSummary;
  onSaved(session: SessionSummary): void;
}

/** This patient's alarm limits (e.g. SBP 175 for a usual SBP of 165), with why; or back to the clinic's. */
export function AlarmLimitsForm({ session, onSaved }: AlarmLimitsFormProps) {
  const profile = useAlarmProfile();
  return (
    <Loaded query={profile} what="the clinic’s alarm limits">
      {(data) => <SessionLimitsEditor session={session} clinic={data.limits} onSaved={onSaved} />}
    </Loaded>
  );
}

const FIELDS = [...RULE_IDS.map(limitField), 'reason'];

function SessionLimitsEditor({ session, clinic, onSaved }: AlarmLimitsFormProps & { clinic: AlarmLimits }) {
  const save = useSetSessionAlarmLimits(session.id);
  const [form, setForm] = useState(() => limitsForm(effectiveLimits(clinic, session.alarmLimits)));
  const [reason, setReason] = useState('');
  const [issue, setIssue] = useState<FormIssue | null>(null);
  const custom = customLimits(clinic, session.alarmLimits);
  const errorFor = (field: string) => (issue?.field === field ? issue.message : fieldError(save.error, field));

  function refuse(refused: FormIssue) {
    save.reset();
    setIssue(refused);
  }

  function saved(summary: SessionSummary) {
    setReason('');
    onSaved(summary);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const request = sessionLimitsRequest(form, reason, clinic, session.alarmLimits);
    if (!request.ok) return refuse(request);
    setIssue(null);
    save.mutate(request.input, { onSuccess: saved });
  }

  function backToClinicLimits() {
    if (!reason.trim()) return refuse({ field: 'reason', message: 'Say why this patient goes back to the clinic limits' });
    setIssue(null);
    save.mutate(
      { limits: {}, reason: reason.trim() },
      {
        onSuccess(summary) {
          setForm(limitsForm(clinic));
          saved(summary);
        },
      },
    );
  }

  return (
    <form className="action-panel" onSubmit={submit} noValidate aria-label="Alarm limits for this session" data-testid="alarm-limits-form">
      {custom.length > 0 ? (
        <div className="custom-limits" role="status" data-testid="alarm-limits-custom">
          <strong>This session runs custom alarm limits:</strong>
          <ul>
            {custom.map(({ id, clinic: clinicLimit, session: sessionLimit }) => (
              <li key={id}>
                {ruleText(id, sessionLimit)} <span className="cell-note">(clinic {withUnit(clinicLimit, ruleUnit(id))})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="form-notice" data-testid="alarm-limits-clinic">
          This session uses the clinic alarm limits.
        </p>
      )}
      <FormError
        message={issue && !FIELDS.includes(issue.field) ? issue.message : formError(save.error, FIELDS)}
        testId="alarm-limits-error"
      />
      <AlarmLimitsTable
        values={form}
        onChange={(id, text) => setForm({ ...form, [id]: text })}
        reference={{ title: 'Clinic', limits: clinic }}
        changedNote="custom"
        errorFor={errorFor}
        testId="session-limit"
      />
      <TextField
        label="Reason"
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        hint="e.g. usual SBP 165"
        error={errorFor('reason')}
        testId="alarm-limits-reason"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="alarm-limits-save">
          Save limits
        </button>
        {custom.length > 0 && (
          <button
            type="button"
            className="button button-secondary"
            disabled={save.isPending}
            onClick={backToClinicLimits}
            data-testid="alarm-limits-use-clinic"
          >
            Use clinic limits
          </button>
        )}
      </div>
    </form>
  );
}
