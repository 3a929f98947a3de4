import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { useSignedIn } from '../app/auth.tsx';
import { can } from '../app/permissions.ts';
import { AlarmItem } from './AlarmItem.tsx';
import { News2Detail } from './News2Score.tsx';

/** The top of the chair page: its active alarms, most urgent first, and, in a session, NEWS2. */
export function ChairAlarms({ chair, session }: { chair: ChairSnapshot; session: SessionSummary | null }) {
  const { role } = useSignedIn().user;
  return (
    <section className="chair-section chair-alarms" aria-labelledby="alarms-title">
      <h2 id="alarms-title">Alarms</h2>
      {chair.alarms.length > 0 ? (
        <ul className="alarm-list">
          {chair.alarms.map((alarm) => (
            <AlarmItem key={alarm.id} alarm={alarm} acknowledges={can(role, 'acknowledge-alarms')} testId={`chair-${chair.id}-alarm`} />
          ))}
        </ul>
      ) : (
        <p className="form-notice" data-testid={`chair-${chair.id}-no-alarms`}>
          No active alarms
        </p>
      )}
      {session && <News2Detail chair={chair} session={session} />}
    </section>
  );
}
