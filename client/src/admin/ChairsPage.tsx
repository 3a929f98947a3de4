import { useState, type FormEvent } from 'react';
import { useBoard } from '../live/hooks.tsx';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { ChairRow } from './ChairRow.tsx';
import { useAddChair } from './chairs-api.ts';

/** The clinic's chairs, in the board's order: add, rename, out of service and back. */
export function ChairsPage() {
  const { loaded, chairs } = useBoard();
  return (
    <section className="admin-page" aria-labelledby="chairs-title">
      <title>Chairs — Chairside</title>
      <h1 id="chairs-title">Chairs</h1>
      <p className="page-intro">
        The board shows the chairs in this order. A chair is never removed, because its sessions stay in the archive: take one out of
        service while it is away or being repaired. It stays on the board, dimmed, and takes no new session; readings its monitor still
        sends are recorded.
      </p>
      <AddChairForm />
      <h2>Chairs</h2>
      {loaded ? (
        <table className="data-table" data-testid="chairs-table">
          <thead>
            <tr>
              <th scope="col">No.</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {chairs.map((chair) => (
              <ChairRow key={chair.id} chair={chair} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="page-message">Loading chairs…</p>
      )}
    </section>
  );
}

function AddChairForm() {
  const add = useAddChair();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-labelledby="new-chair-title" data-testid="new-chair-form">
      <h2 id="new-chair-title">New chair</h2>
      <FormError message={formError(add.error, ['name'])} />
      <div className="form-row">
        <TextField
          label="Name"
          autoComplete="off"
          required
          maxLength={40}
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint="As the nurses call it, e.g. Chair 10 or Window bay"
          error={fieldError(add.error, 'name')}
          testId="new-chair-name"
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={add.isPending} data-testid="new-chair-submit">
          Add chair
        </button>
      </div>
    </form>
  );
}
