import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User, UserCreateInput, UserUpdateInput } from '../../../server/src/contract/auth.ts';
import { useAccountChanged } from '../app/auth.tsx';
import { sendJson } from '../app/http.ts';

export const USERS_KEY = ['users'] as const;

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreateInput) => sendJson<User>('POST', '/api/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** One change to one account (rename, role, disable or enable, new password). */
export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  const accountChanged = useAccountChanged();
  return useMutation({
    mutationFn: (change: UserUpdateInput) => sendJson<User>('PATCH', `/api/users/${encodeURIComponent(userId)}`, change),
    onSuccess(user) {
      accountChanged(user);
      return queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
}
