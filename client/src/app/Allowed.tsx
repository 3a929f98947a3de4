import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from './auth.tsx';
import { can, rolesAllowed, ROLE_LABELS, type Permission } from './permissions.ts';

const roleList = new Intl.ListFormat('en', { type: 'conjunction' });

/** The page, or a clear refusal when the signed-in role may not see it. */
export function Allowed({ to, children }: { to: Permission; children: ReactNode }) {
  const { user } = useSignedIn();
  if (can(user.role, to)) return children;
  return (
    <section className="not-allowed" data-testid="not-allowed" aria-labelledby="not-allowed-title">
      <title>Not allowed — Chairside</title>
      <h1 id="not-allowed-title">Not allowed for your role</h1>
      <p>
        You are signed in as {user.displayName} ({ROLE_LABELS[user.role]}). This page is for{' '}
        {roleList.format(rolesAllowed(to).map((role) => ROLE_LABELS[role]))} only.
      </p>
      <p>
        <Link to="/">Back to the board</Link>
      </p>
    </section>
  );
}
