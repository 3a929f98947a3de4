import { Navigate, Outlet, useLocation } from 'react-router';
import { ReloginDialog } from '../sign-in/ReloginDialog.tsx';
import { ConnectionBanner } from '../ui/ConnectionBanner.tsx';
import { errorMessage } from '../ui/field-errors.ts';
import { AlarmHeader } from '../alarms/AlarmHeader.tsx';
import { AppHeader } from './AppHeader.tsx';
import { can } from './permissions.ts';
import { useMe } from './auth.tsx';
import type { SignInRedirect } from './session.ts';

/** Every page but sign-in and setup: nobody signed in goes to /login, and comes back after. */
export function SignedInLayout() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <p className="page-message app-main">Loading…</p>;
  if (me.isError) {
    return (
      <div className="app-main" role="alert">
        <p className="page-message">{errorMessage(me.error)}</p>
        <button type="button" className="button" onClick={() => void me.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!me.data) {
    const redirect: SignInRedirect = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={redirect} />;
  }
  return (
    <>
      <AppHeader user={me.data.user} />
      <ConnectionBanner />
      <main className="app-main">
        {can(me.data.user.role, 'acknowledge-alarms') && <AlarmHeader />}
        <Outlet />
      </main>
      <ReloginDialog />
    </>
  );
}
