import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { ApiError, sendJson } from '../app/http.ts';
import { useLiveStore } from '../live/hooks.tsx';
import { ALARM_HISTORY_KEY } from './alarm-pages-api.ts';

/** The only conflict acknowledging can meet: the alarm cleared meanwhile (`alarm-cleared`). */
const isCleared = (error: unknown) => error instanceof ApiError && error.status === 409;

/**
 * Acknowledges alarms: silences them for the clinic's silence time; they stay on screen while
 * active. The reply is shown at once, before its broadcast arrives; an alarm that cleared
 * meanwhile just leaves the screen.
 */
export function useAcknowledge() {
  const live = useLiveStore();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (alarms: readonly Alarm[]) => {
      const replies = await Promise.allSettled(
        alarms.map((alarm) => sendJson<Alarm>('POST', `/api/alarms/${encodeURIComponent(alarm.id)}/acknowledge`)),
      );
      replies.forEach((reply, i) => {
        if (reply.status === 'fulfilled') live.alarmAcknowledged(reply.value);
        else if (isCleared(reply.reason)) live.alarmGone(alarms[i]!);
      });
      const failed = replies.find((reply) => reply.status === 'rejected' && !isCleared(reply.reason));
      if (failed) throw (failed as PromiseRejectedResult).reason;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ALARM_HISTORY_KEY }),
  });
}
