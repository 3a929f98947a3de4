import type { SessionDetail, SessionSummary } from '../../../server/src/contract/sessions.ts';
import { formatAmount } from '../ui/format.ts';
import { InfusionProgress } from '../ui/InfusionProgress.tsx';
import { PhaseBadge } from '../ui/PhaseBadge.tsx';

/** Who is in the chair and what was prescribed. The live summary gives phase, rate and dose; the
 * full name and clinic id come from the session's details. */
export function SessionHeader({
  session,
  detail,
  detailError,
}: {
  session: SessionSummary;
  detail: SessionDetail | undefined;
  detailError: boolean;
}) {
  const patient = detail?.patient;
  return (
    <div className="session-header">
      <div className="patient">
        <span className="patient-name" data-testid="patient-name">
          {patient ? `${patient.givenName} ${patient.familyName}` : session.patientInitials}
        </span>
        {patient && (
          <span className="patient-id">
            Clinic ID <span data-testid="patient-clinic-id">{patient.clinicId}</span>
          </span>
        )}
        {detailError && <span className="patient-error">Patient details could not be loaded</span>}
      </div>
      <PhaseBadge phase={session.phase} testId="session-phase" />
      <dl className="prescription">
        <div>
          <dt>Infusion</dt>
          <dd data-testid="series">
            {session.seriesNumber} of {session.seriesLength}
          </dd>
        </div>
        <div>
          <dt>Planned dose</dt>
          <dd data-testid="planned-dose">
            {formatAmount(session.plannedDoseMg)} mg{' '}
            <span className="dose-basis">
              ({formatAmount(session.doseMgPerKg)} mg/kg × {formatAmount(session.weightKg)} kg)
            </span>
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd data-testid="infusion-rate">{formatAmount(session.rateMgPerH)} mg/h</dd>
        </div>
      </dl>
      <InfusionProgress session={session} testIdPrefix="session" />
    </div>
  );
}
