import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PRIORITIES } from '../../../server/src/contract/alarms.ts';
import type { ClinicSummary } from '../../../server/src/contract/history.ts';
import { PriorityLabel } from '../alarms/AlarmHistoryTable.tsx';
import { TextField } from '../ui/Field.tsx';
import { formatAmount, formatDateTime } from '../ui/format.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { useClinicSummary } from './history-api.ts';
import { describePeriod, type Period } from './period.ts';
import { QuickPeriods } from './QuickPeriods.tsx';
import { SideEffectRateChart } from './SideEffectRateChart.tsx';
import {
  formatPercent,
  formatRate,
  formatSeconds,
  priorityOf,
  ruleName,
  searchFromPeriod,
  SEVERITY_KEYS,
  sideEffectRates,
  summaryPeriod,
} from './summary.ts';
import './history.css';

/** The clinic over a period: activity, side-effect rates, which alarms make the most noise, and
 * the sessions that were aborted. */
export function ClinicSummaryPage() {
  const [search, setSearch] = useSearchParams();
  const period = useMemo(() => summaryPeriod(search, new Date()), [search]);
  const summary = useClinicSummary(period);
  return (
    <section className="admin-page history-page" aria-labelledby="summary-title" data-testid="clinic-summary">
      <title>Clinic summary — Chairside</title>
      <h1 id="summary-title">Clinic summary</h1>
      <PeriodForm key={search.toString()} period={period} onApply={(next) => setSearch(searchFromPeriod(next, new Date()))} />
      <p className="history-window">Sessions started {describePeriod(period)}</p>
      <Loaded query={summary} what="the summary">
        {(data) => <SummaryView summary={data} />}
      </Loaded>
    </section>
  );
}

/** Mount with `key` set to the applied period, so going back in history shows it again. */
function PeriodForm({ period, onApply }: { period: Period; onApply(period: Period): void }) {
  const [form, setForm] = useState(period);
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(form);
  }
  return (
    <form className="panel-form history-filters" onSubmit={submit} aria-label="Period" data-testid="summary-period">
      <QuickPeriods
        choices={['last-30-days', 'this-quarter', 'last-quarter']}
        period={period}
        onChoose={onApply}
        testIdPrefix="summary-period"
      />
      <div className="form-row">
        <TextField
          label="From"
          type="date"
          required
          value={form.from}
          onChange={(event) => setForm({ ...form, from: event.target.value })}
          testId="summary-period-from"
        />
        <TextField
          label="To"
          type="date"
          required
          min={form.from}
          value={form.to}
          onChange={(event) => setForm({ ...form, to: event.target.value })}
          hint="Includes that day"
          testId="summary-period-to"
        />
        <div className="form-actions history-inline-actions">
          <button type="submit" className="button button-primary" data-testid="summary-period-apply">
            Show
          </button>
        </div>
      </div>
    </form>
  );
}

function SummaryView({ summary }: { summary: ClinicSummary }) {
  return (
    <>
      <SessionCounts summary={summary} />
      <SideEffectRates summary={summary} />
      <AlarmNoise summary={summary} />
      <AbortedSessions summary={summary} />
    </>
  );
}

function SessionCounts({ summary }: { summary: ClinicSummary }) {
  const { sessions } = summary;
  const titleId = useId();
  return (
    <section className="history-section" aria-labelledby={titleId} data-testid="summary-sessions">
      <h2 id={titleId}>Sessions</h2>
      <dl className="summary-figures">
        <Figure label="Sessions" value={String(sessions.total)} />
        <Figure label="Discharged" value={String(sessions.discharged)} />
        <Figure label="Aborted" value={String(sessions.aborted)} />
        <Figure label="Active" value={String(sessions.active)} />
        <Figure label="Session hours" value={formatAmount(summary.sessionHours)} />
      </dl>
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="summary-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function SideEffectRates({ summary }: { summary: ClinicSummary }) {
  const rates = sideEffectRates(summary);
  const total = summary.sessions.total;
  const titleId = useId();
  return (
    <section className="history-section" aria-labelledby={titleId} data-testid="summary-side-effects">
      <h2 id={titleId}>Side effects</h2>
      {rates.length === 0 ? (
        <p className="cell-note">No side effects charted in these sessions.</p>
      ) : (
        <>
          <p className="page-intro">Share of the {total} sessions with each side effect, by the worst severity charted in the session.</p>
          <SideEffectRateChart rates={rates} />
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Side effect</th>
                <th scope="col">Sessions with it</th>
                <th scope="col">Mild</th>
                <th scope="col">Moderate</th>
                <th scope="col">Severe</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={rate.kind} data-testid={`summary-side-effect-${rate.kind}`}>
                  <th scope="row">{rate.label}</th>
                  <td>
                    {rate.sessions} ({formatPercent(rate.sessions, total)})
                  </td>
                  {SEVERITY_KEYS.map((severity) => (
                    <td key={severity}>
                      {rate.bySeverity[severity]} ({formatPercent(rate.bySeverity[severity], total)})
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The alarm load, and the rules that raise the most alarms: the nuisance analysis. */
function AlarmNoise({ summary }: { summary: ClinicSummary }) {
  const { alarms } = summary;
  const titleId = useId();
  return (
    <section className="history-section" aria-labelledby={titleId} data-testid="summary-alarms">
      <h2 id={titleId}>Alarms</h2>
      <dl className="summary-figures">
        <Figure label="Alarms" value={String(alarms.total)} />
        <Figure label="Per session-hour" value={formatRate(alarms.perSessionHour)} />
        <Figure label="Median time to acknowledge" value={formatSeconds(alarms.medianSecondsToAcknowledge)} />
      </dl>
      <ul className="summary-priorities" aria-label="Alarms by priority">
        {PRIORITIES.map((priority) => (
          <li key={priority} data-testid={`summary-alarms-${priority}`}>
            <PriorityLabel priority={priority} />: {alarms.byPriority[priority]}
          </li>
        ))}
      </ul>
      <h3>Noisiest rules</h3>
      {alarms.byRule.length === 0 ? (
        <p className="cell-note" data-testid="summary-alarm-rules">
          No alarms in these sessions.
        </p>
      ) : (
        <table className="data-table" data-testid="summary-alarm-rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Priority</th>
              <th scope="col">Alarms</th>
              <th scope="col">Per session-hour</th>
              <th scope="col">Median to acknowledge</th>
              <th scope="col">Median duration</th>
            </tr>
          </thead>
          <tbody>
            {alarms.byRule.map((rule) => {
              const priority = priorityOf(rule.priority);
              return (
                <tr key={rule.rule} data-testid={`summary-rule-${rule.rule}`}>
                  <th scope="row">
                    {ruleName(rule.rule)} <span className="cell-note cell-code">{rule.rule}</span>
                  </th>
                  <td className="cell-nowrap">{priority ? <PriorityLabel priority={priority} /> : rule.priority}</td>
                  <td>{rule.count}</td>
                  <td>{formatRate(rule.perSessionHour)}</td>
                  <td className="cell-nowrap">{formatSeconds(rule.medianSecondsToAcknowledge)}</td>
                  <td className="cell-nowrap">{formatSeconds(rule.medianDurationS)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AbortedSessions({ summary }: { summary: ClinicSummary }) {
  const titleId = useId();
  return (
    <section className="history-section" aria-labelledby={titleId} data-testid="summary-aborted">
      <h2 id={titleId}>Aborted sessions</h2>
      {summary.aborted.length === 0 ? (
        <p className="cell-note">No session was aborted.</p>
      ) : (
        <ul className="summary-aborted">
          {summary.aborted.map((session) => (
            <li key={session.sessionId} data-testid={`summary-aborted-${session.sessionId}`}>
              <Link to={`/sessions/${encodeURIComponent(session.sessionId)}`}>
                <time dateTime={session.startedAt}>{formatDateTime(Date.parse(session.startedAt))}</time>
              </Link>
              : {session.reason ?? <span className="cell-note">no reason recorded</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
