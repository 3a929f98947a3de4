import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ClinicSummary, PatientSeries, SessionPage } from '../../../server/src/contract/history.ts';
import { getJson } from '../app/http.ts';
import { periodQuery, type Period } from './period.ts';
import { sessionsPath, type SessionFilters } from './session-search.ts';

/** Sessions matching the filters, a page at a time. */
export function useSessionSearch(filters: SessionFilters) {
  return useInfiniteQuery({
    queryKey: ['session-search', filters],
    queryFn: ({ pageParam, signal }) => getJson<SessionPage>(sessionsPath(filters, pageParam), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function usePatientSeries(patientId: string) {
  return useQuery({
    queryKey: ['patient-series', patientId],
    queryFn: ({ signal }) => getJson<PatientSeries>(`/api/patients/${encodeURIComponent(patientId)}/series`, signal),
  });
}

export function useClinicSummary(period: Period) {
  return useQuery({
    queryKey: ['clinic-summary', period],
    queryFn: ({ signal }) => getJson<ClinicSummary>(`/api/summary?${new URLSearchParams(periodQuery(period))}`, signal),
  });
}
