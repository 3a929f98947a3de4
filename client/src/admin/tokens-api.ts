import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type {
  IngestToken,
  IngestTokenCreated as IngestTokenCreatedSchema,
  IngestTokenCreateInput as IngestTokenCreateInputSchema,
} from '../../../server/src/contract/auth.ts';
import { sendJson } from '../app/http.ts';

export type IngestTokenCreated = Static<typeof IngestTokenCreatedSchema>;
type IngestTokenCreateInput = Static<typeof IngestTokenCreateInputSchema>;

export const TOKENS_KEY = ['ingest-tokens'] as const;

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IngestTokenCreateInput) => sendJson<IngestTokenCreated>('POST', '/api/ingest-tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken(tokenId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<IngestToken>('POST', `/api/ingest-tokens/${encodeURIComponent(tokenId)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
