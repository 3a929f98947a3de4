import { useState } from 'react';
import type { IngestToken } from '../../../server/src/contract/auth.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { formatDateTime } from '../ui/format.ts';
import { TOKEN_KIND_LABELS } from './token-kinds.ts';
import { useRevokeToken } from './tokens-api.ts';

export function TokenRow({ token }: { token: IngestToken }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useRevokeToken(token.id);
  const testId = `token-${token.id}`;
  return (
    <tr data-testid={`token-row-${token.id}`} className={token.revokedAt ? 'row-inactive' : undefined}>
      <td>{token.name}</td>
      <td>{TOKEN_KIND_LABELS[token.kind]}</td>
      <td>
        {formatDateTime(Date.parse(token.createdAt))} <span className="cell-note">by {token.createdBy}</span>
      </td>
      <td>{token.lastUsedAt ? formatDateTime(Date.parse(token.lastUsedAt)) : <span className="cell-note">Never</span>}</td>
      <td data-testid={`${testId}-status`}>{token.revokedAt ? `Revoked ${formatDateTime(Date.parse(token.revokedAt))}` : 'Active'}</td>
      <td>
        <div className="row-actions">
          {!token.revokedAt &&
            (confirming ? (
              <div className="confirm" role="group" aria-label={`Revoke ${token.name}?`}>
                <span>Revoke? Devices using it are refused at once.</span>
                <button
                  type="button"
                  className="button button-small button-primary"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(undefined, { onSuccess: () => setConfirming(false) })}
                  data-testid={`${testId}-revoke-confirm`}
                >
                  Revoke
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setConfirming(false)}
                  data-testid={`${testId}-revoke-cancel`}
                >
                  Keep
                </button>
              </div>
            ) : (
              <button type="button" className="button button-small" onClick={() => setConfirming(true)} data-testid={`${testId}-revoke`}>
                Revoke
              </button>
            ))}
          {revoke.isError && (
            <p className="form-error" role="alert">
              {errorMessage(revoke.error)}
            </p>
          )}
        </div>
      </td>
    </tr>
  );
}
