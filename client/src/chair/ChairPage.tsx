import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { SessionAlarmHistory } from '../alarms/AlarmHistory.tsx';
import { AlarmLimitsForm } from '../alarms/AlarmLimitsForm.tsx';
import { ChairAlarms } from '../alarms/ChairAlarms.tsx';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { useChair } from '../live/hooks.tsx';
import type { SideEffectLog } from '../live/side-effect-log.ts';
import type { Trend } from '../live/trend.ts';
import { ClosedSession } from '../session/ClosedSession.tsx';
import { useSessionDetail } from '../session/session-api.ts';
import { SessionActions } from '../session/SessionActions.tsx';
import { SessionHistory } from '../session/SessionHistory.tsx';
import { QuickLog } from '../side-effects/QuickLog.tsx';
import { SideEffectList } from '../side-effects/SideEffectList.tsx';
import { DuePrompts } from '../ui/DuePrompts.tsx';
import { VitalReadings } from '../ui/VitalReadings.tsx';
import { VitalsKeypad } from '../vitals-entry/VitalsKeypad.tsx';
import { SessionHeader } from './SessionHeader.tsx';
import { TrendCharts } from './TrendCharts.tsx';

export function ChairPage() {
  const chairId = Number(useParams().chairId);
  if (!Number.isInteger(chairId)) return <ChairNotFound />;
  return <ChairDetail chairId={chairId} />;
}

function ChairDetail({ chairId }: { chairId: number }) {
  const { loaded, chair, trend, sideEffects } = useChair(chairId);
  const { role } = useSignedIn().user;
  const session = chair?.activeSession ?? null;
  const endedId = useEndedSessionId(session?.id ?? null);
  if (!loaded) return <p className="page-message">Loading chair…</p>;
  if (!chair) return <ChairNotFound />;
  return (
    <article className="chair-page" aria-labelledby="chair-title">
      <title>{`${chair.name} — Chairside`}</title>
      <header className="chair-page-header">
        <Link to="/" className="back-link">
          ← Board
        </Link>
        <h1 id="chair-title">{chair.name}</h1>
        {session && can(role, 'export-session') && (
          <a
            className="button button-secondary export-link"
            href={`/api/sessions/${encodeURIComponent(session.id)}/export.csv`}
            download
            data-testid="export-csv"
          >
            Export CSV
          </a>
        )}
      </header>
      {session ? (
        <ActiveSession chair={chair} session={session} trend={trend} sideEffects={sideEffects} runsSession={can(role, 'run-session')} />
      ) : (
        <>
          {chair.alarms.length > 0 && <ChairAlarms chair={chair} session={null} />}
          {endedId && <ClosedSession sessionId={endedId} />}
          <p className="idle-text">{chair.inService ? 'No active session' : 'Out of service: an admin puts it back in service.'}</p>
          {can(role, 'run-session') && chair.inService && (
            <Link className="button button-primary button-big" to={`/chairs/${chairId}/start`} data-testid="start-session">
              Start session
            </Link>
          )}
        </>
      )}
    </article>
  );
}

interface ActiveSessionProps {
  chair: ChairSnapshot;
  session: SessionSummary;
  trend: Trend | undefined;
  sideEffects: SideEffectLog | undefined;
  /** A nurse: the workflow, the keypad and the quick log; others read. */
  runsSession: boolean;
}

function ActiveSession({ chair, session, trend, sideEffects, runsSession }: ActiveSessionProps) {
  const detail = useSessionDetail(session);
  const [keypadOpen, setKeypadOpen] = useState(false);
  return (
    <>
      <ChairAlarms chair={chair} session={session} />
      <SessionHeader session={session} detail={detail.data} detailError={detail.isError} />
      {runsSession && <SessionActions session={session} />}
      <DuePrompts chair={chair} session={session} onEnterVitals={runsSession ? () => setKeypadOpen(true) : undefined} />
      <section className="chair-section" aria-label="Vitals now">
        <VitalReadings chairId={chair.id} latest={chair.latest} baseline={session.baseline} />
        {runsSession && (
          <button
            type="button"
            className="button button-big"
            aria-expanded={keypadOpen}
            onClick={() => setKeypadOpen(!keypadOpen)}
            data-testid="enter-vitals"
          >
            {keypadOpen ? 'Close keypad' : 'Enter vitals'}
          </button>
        )}
        {runsSession && keypadOpen && <VitalsKeypad chairId={chair.id} />}
      </section>
      <section className="chair-section" aria-labelledby="side-effects-title">
        <h2 id="side-effects-title">Side effects</h2>
        {runsSession && <QuickLog session={session} />}
        <SideEffectList log={sideEffects} canCorrect={runsSession} />
      </section>
      {trend ? (
        <TrendCharts key={trend.sessionId} trend={trend} session={session} sideEffects={sideEffects} />
      ) : (
        <p className="page-message">Loading trends…</p>
      )}
      {detail.data && <SessionHistory history={detail.data.history} />}
      <SessionAlarmHistory sessionId={session.id} />
      {runsSession && <PatientAlarmLimits session={session} />}
    </>
  );
}

/** This patient's alarm limits, opened on demand: most sessions run the clinic's. */
function PatientAlarmLimits({ session }: { session: SessionSummary }) {
  const [open, setOpen] = useState(false);
  const custom = Object.keys(session.alarmLimits).length > 0;
  return (
    <section className="chair-section" aria-label="Alarm limits for this patient">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="alarm-limits-toggle">
        {open ? 'Close alarm limits' : custom ? 'Alarm limits (custom for this patient)' : 'Alarm limits for this patient'}
      </button>
      {open && <AlarmLimitsForm session={session} onSaved={() => setOpen(false)} />}
    </section>
  );
}

/** The session that ended while this page was open (discharged or aborted here or elsewhere). */
function useEndedSessionId(currentId: string | null): string | null {
  const [seen, setSeen] = useState({ currentId, endedId: null as string | null });
  if (seen.currentId !== currentId) {
    const next = { currentId, endedId: currentId === null ? seen.currentId : null };
    setSeen(next);
    return next.endedId;
  }
  return seen.endedId;
}

function ChairNotFound() {
  return (
    <p className="page-message">
      No such chair. <Link to="/">Back to the board</Link>
    </p>
  );
}
