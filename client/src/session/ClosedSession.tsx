import { useQuery } from '@tanstack/react-query';
import type { SessionDetail } from '../../../server/src/contract/sessions.ts';
import { DISCHARGE_SCALES, type DischargeScale } from '../../../server/src/clinical/discharge.ts';
import { getJson } from '../app/http.ts';
import { formatClockTime } from '../ui/format.ts';

/** How the session that just ended on this chair ended: discharged with its score, or aborted and why. */
export function ClosedSession({ sessionId }: { sessionId: string }) {
  const closed = useQuery({
    queryKey: ['session', sessionId, 'closed'],
    queryFn: ({ signal }) => getJson<SessionDetail>(`/api/sessions/${encodeURIComponent(sessionId)}`, signal),
  });
  if (!closed.data) return null;
  return (
    <p className="session-closed" role="status" data-testid="session-closed">
      {closed.data.patientInitials}: {howItEnded(closed.data)}
    </p>
  );
}

/** `discharged at 11:02, Modified Aldrete 10`, or `aborted at 10:15 — patient declined`. */
function howItEnded(session: SessionDetail): string {
  const at = session.endedAt ? ` at ${formatClockTime(Date.parse(session.endedAt))}` : '';
  const { discharge } = session;
  if (!discharge) return `aborted${at}${session.abortReason ? ` — ${session.abortReason}` : ''}`;
  const scale = DISCHARGE_SCALES[discharge.scale as DischargeScale]?.name ?? discharge.scale;
  return `discharged${at}, ${scale} ${discharge.score}${discharge.override ? ` (anyway: ${discharge.override})` : ''}`;
}
