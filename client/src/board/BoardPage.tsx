import { useState } from 'react';
import { ACTIVE_PHASES } from '../../../server/src/contract/sessions.ts';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { useBoard } from '../live/hooks.tsx';
import { VitalsDialog } from '../vitals-entry/VitalsDialog.tsx';
import { ChairTile } from './ChairTile.tsx';

export function BoardPage() {
  const { loaded, chairs } = useBoard();
  const { role } = useSignedIn().user;
  const [vitalsFor, setVitalsFor] = useState<number | null>(null);
  if (!loaded) return <p className="page-message">Loading chairs…</p>;
  if (chairs.length === 0) return <p className="page-message">No chairs are set up.</p>;
  const inSession = chairs.filter((chair) => chair.activeSession && ACTIVE_PHASES.includes(chair.activeSession.phase)).length;
  // Free chairs are those a session can start on: not the ones out of service.
  const outOfService = chairs.filter((chair) => !chair.inService && !chair.activeSession).length;
  const vitalsChair = chairs.find((chair) => chair.id === vitalsFor);
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title" className="board-title">
        Chairs{' '}
        <span className="board-count" data-testid="board-count">
          {inSession} of {chairs.length - outOfService} in session
          {outOfService > 0 && ` · ${outOfService} out of service`}
        </span>
      </h1>
      <div className="board-grid">
        {chairs.map((chair) => (
          <ChairTile
            key={chair.id}
            chair={chair}
            linked={can(role, 'open-chair')}
            runsSessions={can(role, 'run-session')}
            onEnterVitals={setVitalsFor}
            acknowledges={can(role, 'acknowledge-alarms')}
          />
        ))}
      </div>
      {vitalsChair && <VitalsDialog chairId={vitalsChair.id} chairName={vitalsChair.name} onClose={() => setVitalsFor(null)} />}
    </section>
  );
}
