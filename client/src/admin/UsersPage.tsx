import { useQuery } from '@tanstack/react-query';
import type { User } from '../../../server/src/contract/auth.ts';
import { useSignedIn } from '../app/auth.tsx';
import { getJson } from '../app/http.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { CreateUserForm } from './CreateUserForm.tsx';
import { UserRow } from './UserRow.tsx';
import { USERS_KEY } from './users-api.ts';

export function UsersPage() {
  const users = useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => getJson<{ users: User[] }>('/api/users', signal) });
  return (
    <section className="admin-page" aria-labelledby="users-title">
      <title>Users — Chairside</title>
      <h1 id="users-title">Users</h1>
      <CreateUserForm />
      <h2>Accounts</h2>
      <Loaded query={users} what="users">
        {(data) => <UsersTable users={data.users} />}
      </Loaded>
    </section>
  );
}

function UsersTable({ users }: { users: readonly User[] }) {
  const you = useSignedIn().user.id;
  return (
    <table className="data-table" data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Username</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <UserRow key={user.id} user={user} isYou={user.id === you} />
        ))}
      </tbody>
    </table>
  );
}
