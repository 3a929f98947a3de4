import { useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { VITALS, type VitalKey } from '../../../server/src/contract/vitals.ts';
import { severityName } from '../side-effects/side-effects.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { formatAmount, formatClockTime, formatDateTime, formatVital } from '../ui/format.ts';
import { reportSummary, type Reading, type ReportSummary, type VitalsRow } from './report.ts';
import { useReviewData, useReviewRecord, type ReviewData } from './review-api.ts';
import { ReviewCharts } from './ReviewCharts.tsx';
import { dosePlanText, sessionTime } from './ReviewHeader.tsx';
import { Timeline } from './Timeline.tsx';
import './review.css';

/** `/sessions/:sessionId/report`: the session on paper — the REMS-style summary, the charts, the timeline. */
export function SessionReportPage() {
  const sessionId = useParams().sessionId ?? '';
  const review = useReviewData(sessionId);
  if (review.status === 'loading') return <p className="page-message">Loading report…</p>;
  if (review.status === 'error') {
    return (
      <p className="page-message" role="alert">
        {errorMessage(review.error)}
      </p>
    );
  }
  return <Report data={review.data} readAt={review.readAt} />;
}

function Report({ data, readAt }: { data: ReviewData; readAt: number }) {
  const { session, samples, observations, alarms } = data;
  const { end, events, whole } = useReviewRecord(data, readAt);
  const summary = useMemo(
    () => reportSummary({ session, samples, observations, acknowledgedBy: alarms.map((alarm) => alarm.acknowledgedBy), now: end }),
    [session, samples, observations, alarms, end],
  );
  const name = `${session.patient.givenName} ${session.patient.familyName}`;
  return (
    <article className="report-page" aria-labelledby="report-title">
      <title>{`Infusion record ${name} ${formatDateTime(summary.date).slice(0, 10)}`}</title>
      <div className="report-toolbar">
        <Link to={`/sessions/${encodeURIComponent(session.id)}`} className="back-link">
          ← Review
        </Link>
        <button type="button" className="button button-primary" onClick={() => window.print()} data-testid="report-print">
          Print
        </button>
      </div>
      <div className="report-sheet">
        <header className="report-heading">
          <h1 id="report-title">Ketamine infusion record</h1>
          {session.endedAt === null && (
            <p className="report-warning">Session still active: this record is incomplete (read {formatDateTime(readAt)}).</p>
          )}
        </header>
        <Summary summary={summary} session={data.session} />
        <section className="report-charts">
          <h2>Vitals over the session</h2>
          <ReviewCharts
            session={session}
            samples={samples}
            observations={observations}
            alarms={alarms}
            whole={whole}
            window={whole}
            cursor={null}
            end={end}
            paper
          />
        </section>
        <section className="report-timeline">
          <Timeline events={events} />
        </section>
        <p className="report-footer">Printed from Chairside {formatDateTime(Date.now())}.</p>
      </div>
    </article>
  );
}

function Summary({ summary, session }: { summary: ReportSummary; session: ReviewData['session'] }) {
  const { patient, times, dose, vitals } = summary;
  const at = (ms: number | null) => sessionTime(ms, times.arrivedAt);
  return (
    <section className="report-summary" aria-label="Summary" data-testid="report-summary">
      <dl className="report-grid">
        <Fact term="Patient">
          {patient.familyName}, {patient.givenName} · Clinic ID {patient.clinicId}
          {patient.birthDate && ` · born ${patient.birthDate}`}
        </Fact>
        <Fact term="Date">{formatDateTime(summary.date).slice(0, 10)}</Fact>
        <Fact term="Chair">{summary.chairId}</Fact>
        <Fact term="Infusion">{summary.series}</Fact>
        <Fact term="Dose planned">{dosePlanText(session)}</Fact>
        <Fact term="Dose delivered">
          {formatAmount(dose.deliveredMg)} mg ({formatAmount(dose.percent)} % of {formatAmount(dose.plannedMg)} mg)
        </Fact>
        <Fact term="Infusion start">{at(times.infusionStartAt)}</Fact>
        <Fact term="Infusion stop">{at(times.infusionStopAt)}</Fact>
        <Fact term="Ready to leave">{times.dischargedAt === null ? 'not discharged' : at(times.dischargedAt)}</Fact>
        {summary.abortReason !== null ? (
          <Fact term="Aborted">
            {at(times.endedAt)} — {summary.abortReason}
          </Fact>
        ) : (
          <Fact term="Discharge score">{summary.discharge ?? '—'}</Fact>
        )}
        <Fact term="Pain (0–10)">
          {summary.pain.before ?? '—'} before, {summary.pain.after ?? '—'} after
        </Fact>
        <Fact term="Sedation" testId="report-sedation">
          {summary.sedation.present ? 'Yes' : 'No'}
          {summary.sedation.lowestMoaas !== null && ` (lowest MOAA/S ${summary.sedation.lowestMoaas})`}
        </Fact>
        <Fact term="Dissociation" testId="report-dissociation">
          {summary.dissociation.present ? `Yes (${severityName(summary.dissociation.worstSeverity ?? 0)})` : 'No'}
        </Fact>
      </dl>

      <h2>Vital signs</h2>
      <table className="report-table report-vitals">
        <thead>
          <tr>
            <th scope="col">When</th>
            {VITAL_COLUMNS.map((column) => (
              <th key={column.label} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <VitalsTableRow label="Before (baseline)" row={vitals.before} testId="report-vitals-before" />
          <VitalsTableRow
            label={`At 40 min${vitals.at40.target === null ? '' : ` (${formatClockTime(vitals.at40.target)})`}`}
            row={vitals.at40}
            testId="report-vitals-at-40"
          />
          <VitalsTableRow label="At the end (last reading)" row={vitals.end} testId="report-vitals-end" />
        </tbody>
      </table>

      <h2>Side effects</h2>
      {summary.sideEffects.length === 0 ? (
        <p>None charted.</p>
      ) : (
        <table className="report-table" data-testid="report-side-effects">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Side effect</th>
              <th scope="col">Severity</th>
              <th scope="col">Intervention</th>
              <th scope="col">Charted by</th>
            </tr>
          </thead>
          <tbody>
            {summary.sideEffects.map((effect, index) => (
              <tr key={index}>
                <td>{formatClockTime(effect.at)}</td>
                <td>
                  {effect.label}
                  {effect.sedationScore !== null && ` (MOAA/S ${effect.sedationScore})`}
                  {effect.corrected && ' (corrected)'}
                </td>
                <td>{severityName(effect.severity)}</td>
                <td>{effect.intervention ?? '—'}</td>
                <td>{effect.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Interventions</h2>
      {summary.interventions.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className="report-list" data-testid="report-interventions">
          {summary.interventions.map((intervention, index) => (
            <li key={index}>
              {formatClockTime(intervention.at)} {intervention.text} for {intervention.forWhat.toLowerCase()} — {intervention.by}
            </li>
          ))}
        </ul>
      )}

      <h2>Who did what</h2>
      <ul className="report-list" data-testid="report-actions">
        {summary.actions.map((action, index) => (
          <li key={index}>
            {formatClockTime(action.at)} {action.what} — {action.by}
          </li>
        ))}
      </ul>
      {summary.staff.length > 0 && <p className="report-staff">Staff on the record: {summary.staff.join(', ')}.</p>}
    </section>
  );
}

function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

const VITAL_COLUMNS: readonly { label: string; vitals: readonly VitalKey[] }[] = [
  { label: 'BP mmHg', vitals: ['sbp', 'dbp'] },
  { label: 'MAP', vitals: ['map'] },
  { label: 'HR /min', vitals: ['hr'] },
  { label: 'SpO₂ %', vitals: ['spo2'] },
  { label: 'RR /min', vitals: ['rr'] },
  { label: 'EtCO₂ mmHg', vitals: ['etco2'] },
  { label: `Temp ${VITALS.tempC.unit}`, vitals: ['tempC'] },
];

function VitalsTableRow({ label, row, testId }: { label: string; row: VitalsRow; testId: string }) {
  const recorded = Object.keys(row.readings).length > 0;
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      {recorded ? (
        VITAL_COLUMNS.map((column) => <td key={column.label}>{cell(column.vitals, row.readings)}</td>)
      ) : (
        <td colSpan={VITAL_COLUMNS.length} className="report-not-recorded">
          not recorded
        </td>
      )}
    </tr>
  );
}

/** `150/90` with its time under it; `—` for a vital not recorded. */
function cell(vitals: readonly VitalKey[], readings: VitalsRow['readings']) {
  const present = vitals.map((vital) => readings[vital]).filter((reading): reading is Reading => reading !== undefined);
  if (present.length === 0) return '—';
  const text = vitals.map((vital) => (readings[vital] ? formatVital(vital, readings[vital].value) : '—')).join('/');
  const at = present[0].at;
  return (
    <>
      {text}
      {at !== null && <span className="report-reading-time">{formatClockTime(at)}</span>}
    </>
  );
}
