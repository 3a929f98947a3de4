import { useState, type FormEvent } from 'react';
import { PASSWORD_RULES, ROLES, type Role, type User, type UserUpdateInput } from '../../../server/src/contract/auth.ts';
import { ROLE_LABELS } from '../app/permissions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, SelectField, TextField } from '../ui/Field.tsx';
import { EditorButtons } from './EditorButtons.tsx';
import { useUpdateUser } from './users-api.ts';

interface EditorProps {
  user: User;
  /** Closes the editor, with what to tell the admin (null: nothing changed). */
  onDone(notice: string | null): void;
}

/** Name and role. Only what changed is sent, so the audit trail shows just that. */
export function EditUserForm({ user, onDone }: EditorProps) {
  const update = useUpdateUser(user.id);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);

  function submit(event: FormEvent) {
    event.preventDefault();
    const change: UserUpdateInput = {};
    if (displayName.trim() !== user.displayName) change.displayName = displayName.trim();
    if (role !== user.role) change.role = role;
    if (Object.keys(change).length === 0) return onDone(null);
    update.mutate(change, { onSuccess: () => onDone('Saved.') });
  }

  return (
    <form className="row-form" onSubmit={submit} noValidate aria-label={`Edit ${user.username}`}>
      <FormError message={formError(update.error, ['displayName', 'role'])} />
      <div className="form-row">
        <TextField
          label="Name"
          required
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={fieldError(update.error, 'displayName')}
          testId="edit-user-display-name"
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          error={fieldError(update.error, 'role')}
          testId="edit-user-role"
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </SelectField>
      </div>
      <EditorButtons pending={update.isPending} onCancel={() => onDone(null)} testId="edit-user" />
    </form>
  );
}

export function ResetPasswordForm({ user, onDone }: EditorProps) {
  const update = useUpdateUser(user.id);
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ password }, { onSuccess: () => onDone(`New password set for ${user.username}.`) });
  }

  return (
    <form className="row-form" onSubmit={submit} noValidate aria-label={`New password for ${user.username}`}>
      <FormError message={formError(update.error, ['password'])} />
      <div className="form-row">
        <TextField
          label={`New password for ${user.displayName}`}
          type="password"
          autoComplete="new-password"
          required
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={`At least ${PASSWORD_RULES.minLength} characters`}
          error={fieldError(update.error, 'password')}
          testId="reset-password"
        />
      </div>
      <EditorButtons pending={update.isPending} onCancel={() => onDone(null)} testId="reset-password" />
    </form>
  );
}
