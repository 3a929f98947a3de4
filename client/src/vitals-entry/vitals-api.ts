import { useMutation } from '@tanstack/react-query';
import type { VitalSample, VitalSampleInput } from '../../../server/src/contract/vitals.ts';
import { sendJson } from '../app/http.ts';

/** Records a set typed at the chair; the server marks it manual, with the nurse's name. It reaches
 * the board and the charts through the live broadcast like a monitor's. */
export function useRecordVitals(chairId: number) {
  return useMutation({
    mutationFn: (sample: VitalSampleInput) => sendJson<{ samples: VitalSample[] }>('POST', `/api/chairs/${chairId}/vitals`, sample),
  });
}
