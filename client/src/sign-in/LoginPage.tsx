import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe, useSignIn } from '../app/auth.tsx';
import { pathAfterSignIn } from '../app/session.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';
import { DemoAccounts } from './DemoAccounts.tsx';

const FIELDS = ['username', 'password'];

export function LoginPage() {
  const me = useMe();
  const location = useLocation();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  if (me.data) return <Navigate to={pathAfterSignIn(location.state)} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ username: username.trim(), password });
  }

  return (
    <main className="sign-in-page">
      <title>Sign in — Chairside</title>
      <div className="sign-in-card">
        <p className="sign-in-brand">Chairside</p>
        <h1>Sign in</h1>
        <form onSubmit={submit} noValidate>
          <FormError message={formError(signIn.error, FIELDS)} testId="login-error" />
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            error={fieldError(signIn.error, 'username')}
            testId="login-username"
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldError(signIn.error, 'password')}
            testId="login-password"
          />
          <button type="submit" className="button button-primary button-wide" disabled={signIn.isPending} data-testid="login-submit">
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <DemoAccounts
          onPick={(account) => {
            setUsername(account.username);
            setPassword(account.password);
            signIn.reset();
          }}
        />
      </div>
    </main>
  );
}
