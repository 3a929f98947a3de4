import { useState, type FormEvent } from 'react';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { errorMessage, fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { EditorButtons } from './EditorButtons.tsx';
import { useUpdateChair } from './chairs-api.ts';

const COLUMNS = 4;

/** One chair, with its rename form opening in a row underneath. */
export function ChairRow({ chair }: { chair: ChairSnapshot }) {
  const [renaming, setRenaming] = useState(false);
  const service = useUpdateChair(chair.id);
  const id = chair.id;
  const inSession = chair.activeSession !== null;
  // A session running on it must end before it goes out of service (the server says so too).
  const mustStayInService = chair.inService && inSession;
  return (
    <>
      <tr data-testid={`chair-row-${id}`} className={chair.inService ? undefined : 'row-inactive'}>
        <td>{id}</td>
        <td data-testid={`chair-${id}-name-cell`}>{chair.name}</td>
        <td data-testid={`chair-${id}-status`}>
          {chair.inService ? (inSession ? 'In service, in session' : 'In service') : 'Out of service'}
        </td>
        <td>
          <div className="row-actions">
            <button type="button" className="button button-small" onClick={() => setRenaming(true)} data-testid={`chair-${id}-rename`}>
              Rename
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={service.isPending || mustStayInService}
              title={mustStayInService ? 'A session is running on this chair' : undefined}
              onClick={() => service.mutate({ inService: !chair.inService })}
              data-testid={`chair-${id}-service`}
            >
              {chair.inService ? 'Take out of service' : 'Put back in service'}
            </button>
            {service.isError && (
              <p className="form-error" role="alert">
                {errorMessage(service.error)}
              </p>
            )}
          </div>
        </td>
      </tr>
      {renaming && (
        <tr className="row-editor">
          <td colSpan={COLUMNS}>
            <RenameChairForm chair={chair} onDone={() => setRenaming(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

function RenameChairForm({ chair, onDone }: { chair: ChairSnapshot; onDone(): void }) {
  const update = useUpdateChair(chair.id);
  const [name, setName] = useState(chair.name);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === chair.name) return onDone();
    update.mutate({ name: name.trim() }, { onSuccess: onDone });
  }

  return (
    <form className="row-form" onSubmit={submit} noValidate aria-label={`Rename ${chair.name}`}>
      <FormError message={formError(update.error, ['name'])} />
      <div className="form-row">
        <TextField
          label="Name"
          required
          maxLength={40}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldError(update.error, 'name')}
          testId="rename-chair-name"
        />
      </div>
      <EditorButtons pending={update.isPending} onCancel={onDone} testId="rename-chair" />
    </form>
  );
}
