import { useState, type FormEvent } from 'react';
import { PASSWORD_RULES, ROLES, type Role, type UserCreateInput } from '../../../server/src/contract/auth.ts';
import { ROLE_LABELS } from '../app/permissions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, SelectField, TextField } from '../ui/Field.tsx';
import { useCreateUser } from './users-api.ts';

const FIELDS = ['username', 'displayName', 'role', 'password'];
const EMPTY: UserCreateInput = { username: '', displayName: '', role: 'nurse', password: '' };

export function CreateUserForm() {
  const create = useCreateUser();
  const [form, setForm] = useState<UserCreateInput>(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const set = (change: Partial<UserCreateInput>) => setForm({ ...form, ...change });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { ...form, username: form.username.trim(), displayName: form.displayName.trim() },
      {
        onSuccess(user) {
          setCreated(`Account ${user.username} (${ROLE_LABELS[user.role]}) created.`);
          setForm(EMPTY);
        },
      },
    );
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-labelledby="new-user-title" data-testid="new-user-form">
      <h2 id="new-user-title">New account</h2>
      <FormError message={formError(create.error, FIELDS)} testId="new-user-error" />
      <div className="form-row">
        <TextField
          label="Username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={form.username}
          onChange={(event) => set({ username: event.target.value })}
          hint="Lower-case letters, digits, dot, underscore or hyphen"
          error={fieldError(create.error, 'username')}
          testId="new-user-username"
        />
        <TextField
          label="Name"
          autoComplete="off"
          required
          value={form.displayName}
          onChange={(event) => set({ displayName: event.target.value })}
          hint="As colleagues see it"
          error={fieldError(create.error, 'displayName')}
          testId="new-user-display-name"
        />
        <SelectField
          label="Role"
          value={form.role}
          onChange={(event) => set({ role: event.target.value as Role })}
          error={fieldError(create.error, 'role')}
          testId="new-user-role"
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={(event) => set({ password: event.target.value })}
          hint={`At least ${PASSWORD_RULES.minLength} characters`}
          error={fieldError(create.error, 'password')}
          testId="new-user-password"
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending} data-testid="new-user-submit">
          Create account
        </button>
        {created && (
          <p className="form-notice" role="status" data-testid="new-user-created">
            {created}
          </p>
        )}
      </div>
    </form>
  );
}
