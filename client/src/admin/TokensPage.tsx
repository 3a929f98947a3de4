import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { IngestToken } from '../../../server/src/contract/auth.ts';
import { getJson } from '../app/http.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { TokenRow } from './TokenRow.tsx';
import { TokenSecret } from './TokenSecret.tsx';
import { TOKENS_KEY, type IngestTokenCreated } from './tokens-api.ts';

/** The tokens monitors and simulators send with their vitals. */
export function TokensPage() {
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => getJson<{ tokens: IngestToken[] }>('/api/ingest-tokens', signal),
  });
  const [created, setCreated] = useState<IngestTokenCreated | null>(null);
  return (
    <section className="admin-page" aria-labelledby="tokens-title">
      <title>Ingest tokens — Chairside</title>
      <h1 id="tokens-title">Ingest tokens</h1>
      <p className="page-intro">
        Monitors and simulators send their token with every reading. Give each device its own, so one can be revoked without stopping the
        others.
      </p>
      {created ? <TokenSecret created={created} onDone={() => setCreated(null)} /> : <CreateTokenForm onCreated={setCreated} />}
      <h2>Tokens</h2>
      <Loaded query={tokens} what="tokens">
        {(data) =>
          data.tokens.length === 0 ? (
            <p className="page-message">No tokens yet.</p>
          ) : (
            <table className="data-table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.tokens.map((token) => (
                  <TokenRow key={token.id} token={token} />
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
