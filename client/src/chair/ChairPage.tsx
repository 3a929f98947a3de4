import { Link, useParams } from 'react-router';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { useChair } from '../live/hooks.tsx';
import { NoDataWarning } from '../ui/NoDataWarning.tsx';
import { VitalReadings } from '../ui/VitalReadings.tsx';
import { SessionHeader } from './SessionHeader.tsx';
import { TrendCharts } from './TrendCharts.tsx';

export function ChairPage() {
  const chairId = Number(useParams().chairId);
  if (!Number.isInteger(chairId)) return <ChairNotFound />;
  return <ChairDetail chairId={chairId} />;
}

function ChairDetail({ chairId }: { chairId: number }) {
  const { loaded, chair, trend } = useChair(chairId);
  const mayExport = can(useSignedIn().user.role, 'export-session');
  if (!loaded) return <p className="page-message">Loading chair…</p>;
  if (!chair) return <ChairNotFound />;
  const session = chair.activeSession;
  return (
    <article className="chair-page" aria-labelledby="chair-title">
      <title>{`${chair.name} — Chairside`}</title>
      <header className="chair-page-header">
        <Link to="/" className="back-link">
          ← Board
        </Link>
        <h1 id="chair-title">{chair.name}</h1>
        {session && mayExport && (
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
        <>
          <SessionHeader session={session} />
          <NoDataWarning since={chair.lastSampleAt ?? session.startedAt} testId={`chair-${chairId}-no-data`} />
          <VitalReadings chairId={chairId} latest={chair.latest} />
          {trend ? <TrendCharts key={trend.sessionId} trend={trend} session={session} /> : <p className="page-message">Loading trends…</p>}
        </>
      ) : (
        <p className="idle-text">No active session</p>
      )}
    </article>
  );
}

function ChairNotFound() {
  return (
    <p className="page-message">
      No such chair. <Link to="/">Back to the board</Link>
    </p>
  );
}
