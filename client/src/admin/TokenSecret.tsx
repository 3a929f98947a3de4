import { useState } from 'react';
import type { IngestTokenCreated } from './tokens-api.ts';

/** The new token's secret, shown this once: only its hash is stored. */
export function TokenSecret({ created, onDone }: { created: IngestTokenCreated; onDone(): void }) {
  const [copied, setCopied] = useState<boolean | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (plain http on another device): the text can still be selected
    }
  }

  return (
    <section className="token-secret" role="alert" aria-labelledby="token-secret-title" data-testid="token-secret">
      <h2 id="token-secret-title">Token “{created.token.name}” created</h2>
      <p className="token-secret-warning">
        Copy it now and put it into the device. <strong>You will not see it again</strong>: if it is lost, revoke it and create a new one.
      </p>
      <div className="token-secret-value">
        <input
          readOnly
          value={created.secret}
          aria-label="Token"
          onFocus={(event) => event.target.select()}
          data-testid="token-secret-value"
        />
        <button type="button" className="button button-primary" onClick={() => void copy()} data-testid="token-secret-copy">
          Copy
        </button>
      </div>
      {copied !== null && (
        <p className="form-notice" role="status">
          {copied ? 'Copied.' : 'Copying is not available here: select the token and copy it by hand.'}
        </p>
      )}
      <button type="button" className="button button-secondary" onClick={onDone} data-testid="token-secret-done">
        I have copied it
      </button>
    </section>
  );
}
