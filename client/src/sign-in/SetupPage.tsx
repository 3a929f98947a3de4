import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { Static } from '@sinclair/typebox';
import { PASSWORD_RULES, type Me, type SetupInput as SetupInputSchema } from '../../../server/src/contract/auth.ts';
import { useAuth, useMe } from '../app/auth.tsx';
import { sendJson } from '../app/http.ts';
import { can } from '../app/permissions.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';

const FIELDS = ['username', 'displayName', 'password'];

type SetupInput = Static<typeof SetupInputSchema>;

interface SetupForm {
  username: string;
  displayName: string;
  password: string;
  repeatPassword: string;
}

/** First start: the one-time link the server printed creates the first admin, who is then signed in. */
export function SetupPage() {
  const token = useSearchParams()[0].get('token');
  const me = useMe();
  // Once the first admin is in (or someone already signed in opens the link), on to the users.
  if (me.data) return <Navigate to={can(me.data.user.role, 'manage-users') ? '/admin/users' : '/'} replace />;
  return (
    <main className="sign-in-page">
      <title>Set up Chairside</title>
      <div className="sign-in-card">
        <p className="sign-in-brand">Chairside</p>
        <h1>Set up the first admin</h1>
        {token ? (
          <FirstAdminForm token={token} />
        ) : (
          <p className="form-error" role="alert" data-testid="setup-no-token">
            This page needs the setup link the server printed when it first started (it ends in <code>/setup?token=…</code>).
          </p>
        )}
        <p className="form-notice">
          Already set up? <Link to="/login">Sign in</Link>
        </p>
      </div>
    </main>
  );
}

function FirstAdminForm({ token }: { token: string }) {
  const { signedIn } = useAuth();
  const [form, setForm] = useState<SetupForm>({ username: '', displayName: '', password: '', repeatPassword: '' });
  const [passwordsDiffer, setPasswordsDiffer] = useState(false);
  const setup = useMutation({
    mutationFn: (input: Omit<SetupInput, 'token'>) => sendJson<Me>('POST', '/api/auth/setup', { token, ...input } satisfies SetupInput),
    onSuccess: signedIn,
  });
  const change = (key: keyof SetupForm) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const differ = form.password !== form.repeatPassword;
    setPasswordsDiffer(differ);
    if (!differ) setup.mutate({ username: form.username.trim(), displayName: form.displayName.trim(), password: form.password });
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>This account manages users and ingest tokens. Nurses and supervisors get their own accounts from it.</p>
      <FormError message={formError(setup.error, FIELDS)} testId="setup-error" />
      <TextField
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={form.username}
        onChange={change('username')}
        hint="Lower-case letters, digits, dot, underscore or hyphen"
        error={fieldError(setup.error, 'username')}
        testId="setup-username"
      />
      <TextField
        label="Your name"
        autoComplete="name"
        required
        value={form.displayName}
        onChange={change('displayName')}
        hint="As colleagues will see it, e.g. in the audit trail"
        error={fieldError(setup.error, 'displayName')}
        testId="setup-display-name"
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        value={form.password}
        onChange={change('password')}
        hint={`At least ${PASSWORD_RULES.minLength} characters`}
        error={fieldError(setup.error, 'password')}
        testId="setup-password"
      />
      <TextField
        label="Repeat password"
        type="password"
        autoComplete="new-password"
        required
        value={form.repeatPassword}
        onChange={change('repeatPassword')}
        error={passwordsDiffer ? 'The two passwords differ' : undefined}
        testId="setup-repeat-password"
      />
      <button type="submit" className="button button-primary button-wide" disabled={setup.isPending} data-testid="setup-submit">
        {setup.isPending ? 'Creating…' : 'Create admin and sign in'}
      </button>
    </form>
  );
}
