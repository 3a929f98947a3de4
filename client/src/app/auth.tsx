import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginInput, Me, User } from '../../../server/src/contract/auth.ts';
import { useConnection, useLiveStore } from '../live/hooks.tsx';
import { ApiError, getJson, onUnauthorized, sendJson } from './http.ts';
import { endsSession } from './session.ts';

const ME_KEY = ['me'] as const;

/** Who is signed in: `data` is the user, or null when nobody is. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => readMe(signal), staleTime: Infinity });
}

async function readMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await getJson<Me>('/api/auth/me', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, on pages behind the sign-in (`SignedInLayout`). */
export function useSignedIn(): Me {
  const me = useMe().data;
  if (!me) throw new Error('useSignedIn is for pages behind the sign-in');
  return me;
}

/** After an admin changed an account: when it is their own, the name, role and menu follow. */
export function useAccountChanged(): (user: User) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (user: User) => queryClient.setQueryData<Me | null>(ME_KEY, (me) => (me && me.user.id === user.id ? { ...me, user } : me)),
    [queryClient],
  );
}

interface Auth {
  /** The server refused a request or the live connection because the session ended while
   * this page was open: ask to sign in again over the page. */
  sessionEnded: boolean;
  /** After signing in (at /login, again over an ended session, or by setup): retries what failed
   * and reconnects the live board. */
  signedIn(me: Me): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider>');
  return auth;
}

/** Keeps the live connection open while someone is signed in, and notices an ended session. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const live = useLiveStore();
  const isSignedIn = Boolean(useMe().data);
  const connection = useConnection();
  const [refused, setRefused] = useState(false);

  useEffect(
    () =>
      onUnauthorized((path) => {
        if (endsSession(path, Boolean(queryClient.getQueryData<Me | null>(ME_KEY)))) setRefused(true);
      }),
    [queryClient],
  );

  useEffect(() => {
    if (isSignedIn) live.connect();
  }, [isSignedIn, live]);

  const sessionEnded = isSignedIn && (refused || connection === 'signed-out');
  const auth = useMemo<Auth>(
    () => ({
      sessionEnded,
      signedIn(me) {
        queryClient.setQueryData(ME_KEY, me);
        setRefused(false);
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
        live.connect();
      },
      async signOut() {
        // Closed first: the server drops the socket at logout, which would read as an ended session.
        live.disconnect();
        // Signed out here even if the server could not be told: its session then ends by the idle timeout.
        await sendJson('POST', '/api/auth/logout').catch(() => {});
        // A fresh page load: nothing of this user (cached patients, typed text) stays in memory.
        window.location.assign('/login');
      },
    }),
    [sessionEnded, queryClient, live],
  );
  return <AuthContext value={auth}>{children}</AuthContext>;
}

export function useSignIn() {
  const { signedIn } = useAuth();
  return useMutation({
    mutationFn: (input: LoginInput) => sendJson<Me>('POST', '/api/auth/login', input),
    onSuccess: signedIn,
  });
}
