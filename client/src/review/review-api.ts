import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alarm, AlarmPage } from '../../../server/src/contract/alarms.ts';
import type { Observation } from '../../../server/src/contract/observations.ts';
import { ACTIVE_PHASES, type SessionDetail } from '../../../server/src/contract/sessions.ts';
import { trendSamples, type TrendColumns, type TrendSample } from '../../../server/src/contract/vitals.ts';
import { getJson } from '../app/http.ts';
import { wholeSessionAxis } from './review-charts.ts';
import { buildTimeline } from './timeline.ts';

/** Samples per read: a 1 Hz hour is 3,600, so most sessions come in one. The server allows 20,000. */
export const SAMPLE_PAGE_SIZE = 10_000;
/** Alarms per read, the most the server gives. */
export const ALARM_PAGE_SIZE = 500;
/** An active session's record keeps growing while it is reviewed. */
const ACTIVE_REFRESH_MS = 15_000;

const sessionPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

export const trendPath = (sessionId: string, since: number | undefined, limit = SAMPLE_PAGE_SIZE) =>
  `${sessionPath(sessionId)}/trend?${new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since: String(since) }) })}`;

export const alarmPagePath = (sessionId: string, before: string | undefined) =>
  `/api/alarms?${new URLSearchParams({ sessionId, limit: String(ALARM_PAGE_SIZE), ...(before === undefined ? {} : { before }) })}`;

/**
 * Every sample after `held` (the ones already read, in archive order), a page at a time: from the
 * last seq held until a page comes back shorter than the limit.
 */
export async function readSamples(
  readPage: (since: number | undefined, limit: number) => Promise<TrendSample[]>,
  held: readonly TrendSample[] = [],
  limit = SAMPLE_PAGE_SIZE,
): Promise<TrendSample[]> {
  const samples = [...held];
  for (;;) {
    const page = await readPage(samples.at(-1)?.seq, limit);
    samples.push(...page);
    if (page.length < limit) return samples;
  }
}

/** Every alarm of the session, following the cursor from the newest page to the oldest. */
export async function readAlarms(readPage: (before: string | undefined) => Promise<AlarmPage>): Promise<Alarm[]> {
  const alarms: Alarm[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await readPage(before);
    alarms.push(...page.alarms);
    if (page.nextBefore === null || page.alarms.length === 0) return alarms;
    before = page.nextBefore;
  }
}

export const isActive = (session: SessionDetail | undefined) => session !== undefined && ACTIVE_PHASES.includes(session.phase);

export function useReviewSession(sessionId: string) {
  return useQuery({
    queryKey: ['session', sessionId, 'review'],
    queryFn: ({ signal }) => getJson<SessionDetail>(sessionPath(sessionId), signal),
    refetchInterval: (query) => (isActive(query.state.data) ? ACTIVE_REFRESH_MS : false),
  });
}

/** The session's samples; while it is active, each refresh reads only what came since the last. */
export function useReviewSamples(sessionId: string, active: boolean) {
  const queryClient = useQueryClient();
  const queryKey = ['review', sessionId, 'samples'];
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      readSamples(
        async (since, limit) => trendSamples(await getJson<TrendColumns>(trendPath(sessionId, since, limit), signal)),
        queryClient.getQueryData<TrendSample[]>(queryKey) ?? [],
      ),
    refetchInterval: active ? ACTIVE_REFRESH_MS : false,
  });
}

export function useReviewObservations(sessionId: string, active: boolean) {
  return useQuery({
    queryKey: ['review', sessionId, 'observations'],
    queryFn: async ({ signal }) =>
      (await getJson<{ observations: Observation[] }>(`${sessionPath(sessionId)}/observations`, signal)).observations,
    refetchInterval: active ? ACTIVE_REFRESH_MS : false,
  });
}

export function useReviewAlarms(sessionId: string, active: boolean) {
  return useQuery({
    queryKey: ['review', sessionId, 'alarms'],
    queryFn: ({ signal }) => readAlarms((before) => getJson<AlarmPage>(alarmPagePath(sessionId, before), signal)),
    refetchInterval: active ? ACTIVE_REFRESH_MS : false,
  });
}

export interface ReviewData {
  session: SessionDetail;
  samples: TrendSample[];
  observations: Observation[];
  alarms: Alarm[];
}

export type ReviewState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  /** `readAt`: the last read, where an active session's record ends for now. */
  | { status: 'ready'; data: ReviewData; readAt: number };

/** Everything the review and the report show, read in parallel. */
export function useReviewData(sessionId: string): ReviewState {
  const session = useReviewSession(sessionId);
  const active = isActive(session.data);
  const samples = useReviewSamples(sessionId, active);
  const observations = useReviewObservations(sessionId, active);
  const alarms = useReviewAlarms(sessionId, active);
  const queries = [session, samples, observations, alarms];
  const failed = queries.find((query) => query.isError && query.data === undefined);
  if (failed) return { status: 'error', error: failed.error };
  if (!session.data || !samples.data || !observations.data || !alarms.data) return { status: 'loading' };
  return {
    status: 'ready',
    data: { session: session.data, samples: samples.data, observations: observations.data, alarms: alarms.data },
    readAt: Math.max(...queries.map((query) => query.dataUpdatedAt)),
  };
}

/** What the review and the report both draw: where the record ends (a closed session at its end,
 * an active one at the last read), its timeline and its whole-session time axis. */
export function useReviewRecord({ session, samples, observations, alarms }: ReviewData, readAt: number) {
  const end = session.endedAt ? Date.parse(session.endedAt) : readAt;
  const events = useMemo(
    () => buildTimeline({ session, observations, alarms, samples, now: end }),
    [session, observations, alarms, samples, end],
  );
  const whole = useMemo(() => wholeSessionAxis(session, samples, end), [session, samples, end]);
  return { end, events, whole };
}
