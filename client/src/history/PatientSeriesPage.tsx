import { Link, useParams } from 'react-router';
import type { PatientSeries, SeriesEntry } from '../../../server/src/contract/history.ts';
import { formatAmount, formatDateTime } from '../ui/format.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { AlarmCounts } from './AlarmCounts.tsx';
import { usePatientSeries } from './history-api.ts';
import { OUTCOME_WORD, painText } from './session-search.ts';
import { deliveredText, reachesSbpRiseReference, sbpRiseText, SBP_RISE_REFERENCE, seriesReading, seriesSideEffects } from './series.ts';
import { PainChart, SbpRiseChart } from './SeriesCharts.tsx';
import { SeverityTag } from './SeverityTag.tsx';
import './history.css';

/** One patient's infusions side by side: pain, blood pressure, side effects, dose and alarms. */
export function PatientSeriesPage() {
  const patientId = useParams().patientId ?? '';
  const series = usePatientSeries(patientId);
  return (
    <Loaded query={series} what="the series">
      {(data) => <SeriesView series={data} />}
    </Loaded>
  );
}

function SeriesView({ series }: { series: PatientSeries }) {
  const { patient, sessions } = series;
  const name = `${patient.givenName} ${patient.familyName}`;
  return (
    <article className="admin-page history-page" aria-labelledby="series-title" data-testid="series-view">
      <title>{`${name}: series — Chairside`}</title>
      <header className="history-header">
        <h1 id="series-title">
          {name} <span className="history-title-note">{patient.clinicId}</span>
        </h1>
        {patient.birthDate && <span className="cell-note">Born {patient.birthDate}</span>}
        <Link className="history-header-link" to={`/sessions?patientId=${encodeURIComponent(patient.id)}`}>
          Find among sessions
        </Link>
      </header>
      <p className="series-reading" data-testid="series-reading">
        {seriesReading(sessions)}
      </p>
      {sessions.length > 0 && (
        <>
          <div className="series-charts">
            <PainChart entries={sessions} />
            <SbpRiseChart entries={sessions} />
          </div>
          <SeriesTable entries={sessions} />
        </>
      )}
    </article>
  );
}

function SeriesTable({ entries }: { entries: readonly SeriesEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="series-table">
        <thead>
          <tr>
            <th scope="col">Infusion</th>
            <th scope="col">Outcome</th>
            <th scope="col">Dose</th>
            <th scope="col">Delivered</th>
            <th scope="col">Pain before → after</th>
            <th scope="col">Peak SBP rise</th>
            <th scope="col">Side effects (worst)</th>
            <th scope="col">Alarms</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <SeriesRow key={entry.sessionId} entry={entry} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SeriesRow({ entry }: { entry: SeriesEntry }) {
  const sideEffects = seriesSideEffects(entry.sideEffects);
  const riseReached = reachesSbpRiseReference(entry.peakSbpRise);
  return (
    <tr data-testid={`series-row-${entry.sessionId}`}>
      <th scope="row" className="cell-nowrap">
        <Link to={`/sessions/${encodeURIComponent(entry.sessionId)}`}>
          #{entry.seriesNumber}{' '}
          <span className="cell-note">
            <time dateTime={entry.startedAt}>{formatDateTime(Date.parse(entry.startedAt))}</time>
          </span>
        </Link>
      </th>
      <td>{OUTCOME_WORD[entry.outcome]}</td>
      <td className="cell-nowrap">{formatAmount(entry.doseMgPerKg)} mg/kg</td>
      <td className="cell-nowrap">{deliveredText(entry)}</td>
      <td className="cell-nowrap">{painText(entry.painBefore, entry.painAfter)}</td>
      <td className="cell-nowrap">
        {riseReached ? <strong>{sbpRiseText(entry.peakSbpRise)}</strong> : sbpRiseText(entry.peakSbpRise)}
        {riseReached && <span className="cell-note"> (≥ +{SBP_RISE_REFERENCE})</span>}
        {entry.baselineSbp !== null && entry.peakSbp !== null && (
          <div className="cell-note">
            {Math.round(entry.baselineSbp)} → {Math.round(entry.peakSbp)}
          </div>
        )}
      </td>
      <td>
        {sideEffects.length === 0 ? (
          <span className="cell-note">None</span>
        ) : (
          <ul className="series-side-effects">
            {sideEffects.map(({ kind, label, severity }) => (
              <li key={kind}>
                <SeverityTag label={label} severity={severity} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="cell-nowrap">
        <AlarmCounts alarms={entry.alarms} />
      </td>
    </tr>
  );
}
