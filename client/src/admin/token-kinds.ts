import type { TokenKind } from '../../../server/src/contract/auth.ts';

export const TOKEN_KIND_LABELS: Record<TokenKind, string> = { monitor: 'Monitor', simulator: 'Simulator' };

export const TOKEN_KIND_HINTS: Record<TokenKind, string> = {
  monitor: 'Records vitals',
  simulator: 'Records vitals, and opens and ends sessions',
};
