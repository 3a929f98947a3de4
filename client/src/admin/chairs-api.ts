import { useMutation } from '@tanstack/react-query';
import type { Chair, ChairCreateInput, ChairUpdateInput } from '../../../server/src/contract/chairs.ts';
import { sendJson } from '../app/http.ts';
import { useLiveStore } from '../live/hooks.tsx';

/** The chairs are the board's: a change shows there (and so on this page) as soon as it is saved. */
export function useAddChair() {
  const store = useLiveStore();
  return useMutation({
    mutationFn: (input: ChairCreateInput) => sendJson<Chair>('POST', '/api/chairs', input),
    onSuccess: (chair) => store.chairSaved(chair),
  });
}

export function useUpdateChair(chairId: number) {
  const store = useLiveStore();
  return useMutation({
    mutationFn: (change: ChairUpdateInput) => sendJson<Chair>('PATCH', `/api/chairs/${chairId}`, change),
    onSuccess: (chair) => store.chairSaved(chair),
  });
}
