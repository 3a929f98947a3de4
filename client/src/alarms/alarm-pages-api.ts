import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AlarmPage,
  AlarmProfile,
  AlarmProfileInput,
  AlarmQuery,
  SessionAlarmLimitsInput,
} from '../../../server/src/contract/alarms.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { getJson, sendJson } from '../app/http.ts';
import { useLiveStore } from '../live/hooks.tsx';
import { alarmsPath, historyQuery, type AlarmFilters } from './alarm-history.ts';

/** Every alarm history read (the page's and the sessions'): invalidate it when an alarm changes. */
export const ALARM_HISTORY_KEY = ['alarm-history'] as const;
export const ALARM_PROFILE_KEY = ['alarm-profile'] as const;

/** Alarms keep being raised, acknowledged and cleared while the list is open. */
const REFRESH_MS = 30_000;

/** One session's alarms, or the history through the filters (a window without a start moves
 * with the clock, so it is worked out at each read); newest first, a page at a time. */
export function useAlarmHistory(source: { sessionId: string } | { filters: AlarmFilters }) {
  return useInfiniteQuery({
    queryKey: [...ALARM_HISTORY_KEY, source],
    queryFn: ({ pageParam, signal }) => {
      const query: AlarmQuery = 'sessionId' in source ? { sessionId: source.sessionId } : historyQuery(source.filters, Date.now());
      return getJson<AlarmPage>(alarmsPath(query, pageParam), signal);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
    refetchInterval: REFRESH_MS,
  });
}

export function useAlarmProfile() {
  return useQuery({ queryKey: ALARM_PROFILE_KEY, queryFn: ({ signal }) => getJson<AlarmProfile>('/api/alarm-profile', signal) });
}

export function useSaveAlarmProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AlarmProfileInput) => sendJson<AlarmProfile>('PUT', '/api/alarm-profile', input),
    onSuccess: (profile) => queryClient.setQueryData(ALARM_PROFILE_KEY, profile),
  });
}

/** The reply is shown at once, before its broadcast arrives. */
export function useSetSessionAlarmLimits(sessionId: string) {
  const live = useLiveStore();
  return useMutation({
    mutationFn: (input: SessionAlarmLimitsInput) =>
      sendJson<SessionSummary>('PUT', `/api/sessions/${encodeURIComponent(sessionId)}/alarm-limits`, input),
    onSuccess: (session) => live.sessionChanged(session),
  });
}
