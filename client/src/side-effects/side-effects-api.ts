import { useMutation } from '@tanstack/react-query';
import type { AmendInput, Observation, ObservationInput } from '../../../server/src/contract/observations.ts';
import { sendJson } from '../app/http.ts';
import { useLiveStore } from '../live/hooks.tsx';

/** Charts a side effect. The input carries the tablet's id: sending the same input again (a retry
 * after a lost reply) stores it once. */
export function useRecordSideEffect(sessionId: string) {
  const live = useLiveStore();
  return useMutation({
    mutationFn: (input: ObservationInput) =>
      sendJson<Observation>('POST', `/api/sessions/${encodeURIComponent(sessionId)}/observations`, input),
    onSuccess: (observation) => live.sideEffectSaved(observation),
  });
}

/** A correction; `intervention` adds the one given after the entry was saved. */

/** Corrects or strikes through the latest version of an entry; the new version is shown at once. */
export function useAmendSideEffect() {
  const live = useLiveStore();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: AmendInput }) =>
      sendJson<Observation>('POST', `/api/observations/${encodeURIComponent(id)}/amend`, change),
    onSuccess: (observation) => live.sideEffectSaved(observation),
  });
}
