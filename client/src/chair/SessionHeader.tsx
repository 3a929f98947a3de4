import { useQuery } from '@tanstack/react-query';
import type { SessionDetail, SessionSummary } from '../../../server/src/contract/sessions.ts';
import { getJson } from '../app/http.ts';
import { formatAmount } from '../ui/format.ts';
import { PhaseBadge } from '../ui/PhaseBadge.tsx';
import { SessionClock } from '../ui/SessionClock.tsx';

/** Who is in the chair and what was prescribed. The live summary gives phase and times; the full
 * name and clinic id are read once from the session. */
export function SessionHeader({ session }: { session: SessionSummary }) {
  const detail = useQuery({
    queryKey: ['session', session.id],
    queryFn: ({ signal }) => getJson<SessionDetail>(`/api/sessions/${encodeURIComponent(session.id)}`, signal),
  });
  const patient = detail.data?.patient;
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
        {detail.isError && <span className="patient-error">Patient details could not be loaded</span>}
      </div>
      <PhaseBadge phase={session.phase} testId="session-phase" />
      <dl className="prescription">
        <div>
          <dt>Infusion</dt>
          <dd>
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
      <SessionClock session={session} testIdPrefix="session" />
    </div>
  );
}
