import type { SessionDetail } from '../../../server/src/contract/sessions.ts';
import { sessionDose } from '../../../server/src/clinical/dose.ts';
import { MOAAS } from '../../../server/src/contract/observations.ts';
import { formatAmount, formatClockTime, formatDateTime } from '../ui/format.ts';
import { PhaseBadge } from '../ui/PhaseBadge.tsx';
import { customLimits, sessionTimes } from './report.ts';
import { dischargeText } from './timeline.ts';
import './review.css';

/** `0.5 mg/kg × 80 kg = 40 mg over 40 min` */
export function dosePlanText(session: SessionDetail): string {
  const minutes = Math.round(session.plannedDurationS / 60);
  return `${formatAmount(session.doseMgPerKg)} mg/kg × ${formatAmount(session.weightKg)} kg = ${formatAmount(session.plannedDoseMg)} mg over ${minutes} min`;
}

/** A time of the session, with the date when it is not the session's day; `—` when it has not come. */
export function sessionTime(ms: number | null, day: number): string {
  if (ms === null) return '—';
  return new Date(ms).toDateString() === new Date(day).toDateString() ? formatClockTime(ms) : formatDateTime(ms);
}

/** Who, when, what was planned and what was given, how it ended. */
export function ReviewHeader({ session, now }: { session: SessionDetail; now: number }) {
  const { patient } = session;
  const times = sessionTimes(session);
  const dose = sessionDose(session, now);
  const limits = customLimits(session.alarmLimits);
  const discharge = dischargeText(session.discharge);
  const at = (ms: number | null) => sessionTime(ms, times.arrivedAt);
  return (
    <section className="review-header" aria-label="Session" data-testid="review-header">
      <div className="review-patient">
        <span className="patient-name" data-testid="review-patient-name">
          {patient.givenName} {patient.familyName}
        </span>
        <span className="patient-id">
          Clinic ID <span data-testid="review-clinic-id">{patient.clinicId}</span>
          {patient.birthDate && <> · born {patient.birthDate}</>}
        </span>
        <span className="review-when">
          {formatDateTime(times.arrivedAt)} · Chair {session.chairId} · Infusion {session.seriesNumber} of {session.seriesLength}
        </span>
      </div>
      <PhaseBadge phase={session.phase} testId="review-phase" />
      <dl className="review-facts">
        <div>
          <dt>Weight</dt>
          <dd>{formatAmount(session.weightKg)} kg</dd>
        </div>
        <div className="review-dose" data-testid="review-dose">
          <dt>Dose planned</dt>
          <dd>{dosePlanText(session)}</dd>
          <dt>Delivered</dt>
          <dd>
            {formatAmount(dose.deliveredMg)} mg ({formatAmount(dose.percent)} %)
            {session.history.some((change) => change.kind === 'rate') && <span className="review-muted"> · rate changed</span>}
          </dd>
        </div>
        {session.prescriber && (
          <div>
            <dt>Prescriber</dt>
            <dd>{session.prescriber}</dd>
          </div>
        )}
      </dl>
      <dl className="review-facts review-times" aria-label="Times">
        <div>
          <dt>Arrived</dt>
          <dd>{at(times.arrivedAt)}</dd>
        </div>
        <div>
          <dt>Infusion start</dt>
          <dd>{at(times.infusionStartAt)}</dd>
        </div>
        <div>
          <dt>Infusion stop</dt>
          <dd>{at(times.infusionStopAt)}</dd>
        </div>
        <div>
          <dt>{session.phase === 'aborted' ? 'Aborted' : session.phase === 'discharged' ? 'Discharged' : 'Ended'}</dt>
          <dd>{at(times.endedAt)}</dd>
        </div>
      </dl>
      <dl className="review-facts review-outcome">
        <div>
          <dt>{session.phase === 'aborted' ? 'Abort reason' : 'Discharge score'}</dt>
          <dd data-testid="review-outcome">{session.phase === 'aborted' ? (session.abortReason ?? '—') : (discharge ?? 'not yet')}</dd>
        </div>
        <div>
          <dt>Pain (0–10)</dt>
          <dd>
            {session.painBefore ?? '—'} before → {session.discharge?.painAfter ?? '—'} after
          </dd>
        </div>
        <div>
          <dt>MOAA/S before</dt>
          <dd title={session.sedationBefore === null ? undefined : MOAAS[session.sedationBefore as keyof typeof MOAAS]}>
            {session.sedationBefore ?? '—'}
          </dd>
        </div>
      </dl>
      {limits.length > 0 && (
        <div className="review-limits" data-testid="review-alarm-limits">
          <h3>Alarm limits for this patient</h3>
          <ul>
            {limits.map((limit) => (
              <li key={limit}>{limit}</li>
            ))}
          </ul>
        </div>
      )}
      {session.notes && <p className="review-notes">Notes: {session.notes}</p>}
    </section>
  );
}
