import { useState, type FormEvent } from 'react';
import { TOKEN_KINDS, type TokenKind } from '../../../server/src/contract/auth.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, SelectField, TextField } from '../ui/Field.tsx';
import { TOKEN_KIND_HINTS, TOKEN_KIND_LABELS } from './token-kinds.ts';
import { useCreateToken, type IngestTokenCreated } from './tokens-api.ts';

export function CreateTokenForm({ onCreated }: { onCreated(created: IngestTokenCreated): void }) {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TokenKind>('monitor');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), kind }, { onSuccess: onCreated });
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-labelledby="new-token-title" data-testid="new-token-form">
      <h2 id="new-token-title">New token</h2>
      <FormError message={formError(create.error, ['name', 'kind'])} testId="new-token-error" />
      <div className="form-row">
        <TextField
          label="Name"
          autoComplete="off"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint="Which device uses it, e.g. Chair 3 monitor"
          error={fieldError(create.error, 'name')}
          testId="new-token-name"
        />
        <SelectField
          label="Kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as TokenKind)}
          hint={TOKEN_KIND_HINTS[kind]}
          error={fieldError(create.error, 'kind')}
          testId="new-token-kind"
        >
          {TOKEN_KINDS.map((option) => (
            <option key={option} value={option}>
              {TOKEN_KIND_LABELS[option]}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending} data-testid="new-token-submit">
          Create token
        </button>
      </div>
    </form>
  );
}
