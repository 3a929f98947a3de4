import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type {
  DischargeInput,
  PreScoresInput,
  RateChangeInput,
  SessionDetail,
  SessionStartInput,
  SessionSummary,
  TransitionInput,
} from '../../../server/src/contract/sessions.ts';
import { getJson, sendJson } from '../app/http.ts';
import { useLiveStore } from '../live/hooks.tsx';

const sessionPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/**
 * The session with its patient and its history of phase and rate changes. Read again whenever
 * the live summary shows a change (a move, a new rate, scores), so the history follows.
 */
export function useSessionDetail(session: SessionSummary) {
  const revision = `${session.phase}|${session.pumpEvents.length}|${session.rateMgPerH}|${session.painBefore}|${session.sedationBefore}`;
  return useQuery({
    queryKey: ['session', session.id, revision],
    queryFn: ({ signal }) => getJson<SessionDetail>(sessionPath(session.id), signal),
    placeholderData: keepPreviousData,
  });
}

export function useStartSession() {
  const live = useLiveStore();
  return useMutation({
    mutationFn: (input: SessionStartInput) => sendJson<SessionDetail>('POST', '/api/sessions', input),
    onSuccess: (session) => live.sessionChanged(session),
  });
}

/** A change to a running session; the reply is shown at once, before its broadcast arrives (and
 * with it the session's details are read again, history included). */
function useSessionChange<I>(sessionId: string, action: string) {
  const live = useLiveStore();
  return useMutation({
    mutationFn: (input: I) => sendJson<SessionSummary>('POST', `${sessionPath(sessionId)}/${action}`, input),
    onSuccess: (session) => live.sessionChanged(session),
  });
}

export const usePreScores = (sessionId: string) => useSessionChange<PreScoresInput>(sessionId, 'pre-scores');
export const useTransition = (sessionId: string) => useSessionChange<TransitionInput>(sessionId, 'transitions');
export const useRateChange = (sessionId: string) => useSessionChange<RateChangeInput>(sessionId, 'rate');
export const useDischarge = (sessionId: string) => useSessionChange<DischargeInput>(sessionId, 'discharge');
