import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAuth, useSignedIn, useSignIn } from '../app/auth.tsx';
import { sessionEndedMessage } from '../app/session.ts';
import { fieldError, formError } from '../ui/field-errors.ts';
import { FormError, TextField } from '../ui/Field.tsx';

/** Over the current page when the session ended: the page stays mounted underneath, so nothing
 * typed into it is lost, and carries on once the same user signs in again. */
export function ReloginDialog() {
  return useAuth().sessionEnded ? <Relogin /> : null;
}

function Relogin() {
  const { user, idleTimeoutS } = useSignedIn();
  const { signOut } = useAuth();
  const signIn = useSignIn();
  const [password, setPassword] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ username: user.username, password });
  }

  return (
    <dialog
      ref={dialog}
      className="relogin"
      aria-labelledby="relogin-title"
      aria-describedby="relogin-message"
      // Escape must not uncover a page whose requests would all fail.
      onCancel={(event) => event.preventDefault()}
      data-testid="relogin-dialog"
    >
      <h2 id="relogin-title">Session ended</h2>
      <p id="relogin-message" data-testid="relogin-message">
        {sessionEndedMessage(idleTimeoutS)}
      </p>
      <form onSubmit={submit} noValidate>
        <p className="relogin-user">
          Signed in as <strong>{user.displayName}</strong> ({user.username})
        </p>
        <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
        <FormError message={formError(signIn.error, ['password'])} testId="relogin-error" />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError(signIn.error, 'password')}
          testId="relogin-password"
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={signIn.isPending} data-testid="relogin-submit">
            {signIn.isPending ? 'Signing in…' : 'Sign in again'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void signOut()} data-testid="relogin-sign-out">
            Sign out
          </button>
        </div>
      </form>
    </dialog>
  );
}
