import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { eventText, type TimelineEvent } from './timeline.ts';
import { useReviewData, useReviewRecord, type ReviewData } from './review-api.ts';
import { zoomWindow } from './review-charts.ts';
import { ReviewCharts } from './ReviewCharts.tsx';
import { ReviewHeader } from './ReviewHeader.tsx';
import { Timeline } from './Timeline.tsx';
import './review.css';

/** `/sessions/:sessionId`: a supervisor's review of one session (closed, or still running). */
export function SessionReviewPage() {
  const sessionId = useParams().sessionId ?? '';
  const review = useReviewData(sessionId);
  const canExport = can(useSignedIn().user.role, 'export-session');
  if (review.status === 'loading') return <p className="page-message">Loading session…</p>;
  if (review.status === 'error') {
    return (
      <p className="page-message" role="alert">
        {errorMessage(review.error)} <Link to="/sessions">Back to sessions</Link>
      </p>
    );
  }
  return <Review data={review.data} readAt={review.readAt} canExport={canExport} />;
}

function Review({ data, readAt, canExport }: { data: ReviewData; readAt: number; canExport: boolean }) {
  const { session, samples, observations, alarms } = data;
  const { end, events, whole } = useReviewRecord(data, readAt);
  const [picked, setPicked] = useState<{ key: string; zoomed: boolean } | null>(null);
  const selected = picked ? (events.find((event) => event.key === picked.key) ?? null) : null;
  const window = useMemo(() => (selected && picked?.zoomed ? zoomWindow(selected.at, whole) : whole), [selected, picked?.zoomed, whole]);
  const cursor = useMemo(() => (selected ? { at: selected.at, label: eventText(selected).title } : null), [selected]);
  const charts = useRef<HTMLElement>(null);
  const select = (event: TimelineEvent) => {
    setPicked({ key: event.key, zoomed: true });
    // Side by side the charts stay in view; one under the other, bring them back (focus stays on the event).
    const box = charts.current?.getBoundingClientRect();
    if (box && (box.bottom < 0 || box.top > globalThis.innerHeight)) charts.current!.scrollIntoView({ block: 'start' });
  };
  const id = encodeURIComponent(session.id);
  const name = `${session.patient.givenName} ${session.patient.familyName}`;
  return (
    <article className="review-page" aria-labelledby="review-title">
      <title>{`Review: ${name} — Chairside`}</title>
      <header className="review-page-header">
        <Link to="/sessions" className="back-link">
          ← Sessions
        </Link>
        <h1 id="review-title">Session review</h1>
        {canExport && (
          <nav className="review-exports" aria-label="Export">
            <a className="button button-secondary" href={`/api/sessions/${id}/export.csv`} download data-testid="export-session-csv">
              Samples CSV
            </a>
            <a
              className="button button-secondary"
              href={`/api/sessions/${id}/fhir`}
              download={`session-${session.id}.fhir.json`}
              data-testid="export-session-fhir"
            >
              FHIR bundle
            </a>
            <Link className="button button-secondary" to={`/sessions/${id}/report`} data-testid="print-report">
              Print report
            </Link>
          </nav>
        )}
      </header>
      <ReviewHeader session={session} now={end} />
      <div className="review-body">
        <ReviewCharts
          session={session}
          samples={samples}
          observations={observations}
          alarms={alarms}
          whole={whole}
          window={window}
          cursor={cursor}
          onWholeSession={() => setPicked((current) => current && { ...current, zoomed: false })}
          end={end}
          ref={charts}
        />
        <Timeline events={events} selected={selected?.key ?? null} onSelect={select} />
      </div>
    </article>
  );
}
