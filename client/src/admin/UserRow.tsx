import { useState } from 'react';
import type { User } from '../../../server/src/contract/auth.ts';
import { ROLE_LABELS } from '../app/permissions.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { formatDateTime } from '../ui/format.ts';
import { EditUserForm, ResetPasswordForm } from './UserForms.tsx';
import { useUpdateUser } from './users-api.ts';

const COLUMNS = 6;

/** One account, with its editors opening in a row underneath. */
export function UserRow({ user, isYou }: { user: User; isYou: boolean }) {
  const [editing, setEditing] = useState<'details' | 'password' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useUpdateUser(user.id);
  const name = user.username;

  function open(editor: 'details' | 'password') {
    setNotice(null);
    setEditing(editor);
  }

  function done(message: string | null) {
    setEditing(null);
    setNotice(message);
  }

  return (
    <>
      <tr data-testid={`user-row-${name}`} className={user.disabled ? 'row-inactive' : undefined}>
        <td>
          {user.displayName}
          {isYou && <span className="cell-note"> (you)</span>}
        </td>
        <td>{name}</td>
        <td data-testid={`user-${name}-role`}>{ROLE_LABELS[user.role]}</td>
        <td data-testid={`user-${name}-status`}>{user.disabled ? 'Disabled' : 'Active'}</td>
        <td>{formatDateTime(Date.parse(user.createdAt))}</td>
        <td>
          <div className="row-actions">
            <button type="button" className="button button-small" onClick={() => open('details')} data-testid={`user-${name}-edit`}>
              Edit
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => open('password')}
              data-testid={`user-${name}-reset-password`}
            >
              Reset password
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={toggle.isPending}
              onClick={() => {
                setNotice(null);
                toggle.mutate({ disabled: !user.disabled });
              }}
              data-testid={`user-${name}-toggle`}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
            {toggle.isError && (
              <p className="form-error" role="alert">
                {errorMessage(toggle.error)}
              </p>
            )}
            {notice && (
              <p className="form-notice" role="status">
                {notice}
              </p>
            )}
          </div>
        </td>
      </tr>
      {editing && (
        <tr className="row-editor">
          <td colSpan={COLUMNS}>
            {editing === 'details' ? <EditUserForm user={user} onDone={done} /> : <ResetPasswordForm user={user} onDone={done} />}
          </td>
        </tr>
      )}
    </>
  );
}
