import { formatAmount } from '../ui/format.ts';

/**
 * Whether a 401 on `path` means the signed-in user's session ended, so the page should ask them to
 * sign in again over what is on screen. The sign-in endpoints answer 401 for wrong credentials or
 * for nobody signed in: that is an answer, not an ended session.
 */
export function endsSession(path: string, signedIn: boolean): boolean {
  return signedIn && !path.startsWith('/api/auth/');
}

export function sessionEndedMessage(idleTimeoutS: number): string {
  return `Your session ended after ${idleTime(idleTimeoutS)} without activity. Sign in again to continue; nothing on this page was lost.`;
}

function idleTime(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = seconds / 60;
  return minutes === 1 ? '1 minute' : `${formatAmount(minutes)} minutes`;
}

/** Where a sign-in was headed from, kept in the location state by the redirect to /login. */
export interface SignInRedirect {
  from: string;
}

const SIGN_IN_PAGES = ['/login', '/setup'];

/** Where to go after signing in: the page the user was headed for, if it is a page of this app. */
export function pathAfterSignIn(state: unknown): string {
  const from = (state as Partial<SignInRedirect> | null)?.from;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/';
  const pathname = from.split(/[?#]/)[0];
  return SIGN_IN_PAGES.includes(pathname) ? '/' : from;
}
