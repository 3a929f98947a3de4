import { useQuery } from '@tanstack/react-query';
import { getJson } from '../app/http.ts';
import type { PatientMatch } from '../../../server/src/contract/sessions.ts';


/** Searching starts from this many characters (a name's start or a clinic ID). */
export const SEARCH_MIN_LENGTH = 2;

export function usePatientSearch(search: string) {
  const text = search.trim();
  return useQuery({
    queryKey: ['patients', text],
    queryFn: ({ signal }) => getJson<{ patients: PatientMatch[] }>(`/api/patients?${new URLSearchParams({ search: text })}`, signal),
    enabled: text.length >= SEARCH_MIN_LENGTH,
    staleTime: 30_000,
  });
}
