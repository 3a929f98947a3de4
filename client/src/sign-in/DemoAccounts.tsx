import { useQuery } from '@tanstack/react-query';
import type { DemoAccounts as DemoAccountsReply } from '../../../server/src/contract/auth.ts';
import { ApiError, getJson } from '../app/http.ts';
import { ROLE_LABELS } from '../app/permissions.ts';

/** Demo mode only (the server answers 404 otherwise): the seeded accounts, one tap to fill in. */
export function DemoAccounts({ onPick }: { onPick(account: { username: string; password: string }): void }) {
  const demo = useQuery({ queryKey: ['demo-accounts'], queryFn: ({ signal }) => readDemoAccounts(signal), staleTime: Infinity });
  if (!demo.data) return null;
  const { accounts, password } = demo.data;
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title" data-testid="demo-accounts">
      <h2 id="demo-accounts-title">Demo accounts</h2>
      <p>
        Demo accounts: {accounts.map((account) => account.username).join(' / ')}, password <code>{password}</code>
      </p>
      <div className="demo-account-buttons">
        {accounts.map((account) => (
          <button
            key={account.username}
            type="button"
            className="button button-secondary"
            onClick={() => onPick({ username: account.username, password })}
            data-testid={`demo-account-${account.username}`}
          >
            {account.username} <span className="demo-account-role">{ROLE_LABELS[account.role]}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

async function readDemoAccounts(signal: AbortSignal): Promise<DemoAccountsReply | null> {
  try {
    return await getJson<DemoAccountsReply>('/api/auth/demo-accounts', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
