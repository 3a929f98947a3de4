import { AlarmMessage } from './AlarmMessage.tsx';
import { useNow } from './clock.ts';
import { formatAge, NO_DATA_WARNING_AFTER_MS } from './format.ts';

/** Technical alarm when an active session's chair has sent nothing for a while; `since` is the
 * last sample, or the session start when none came yet. */
export function NoDataWarning({ since, testId }: { since: string; testId: string }) {
  const silentMs = useNow() - Date.parse(since);
  if (silentMs <= NO_DATA_WARNING_AFTER_MS) return null;
  return (
    <AlarmMessage priority="low" testId={testId}>
      No data for {formatAge(silentMs)}
    </AlarmMessage>
  );
}
