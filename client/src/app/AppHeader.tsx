import { Link, NavLink } from 'react-router';
import type { User } from '../../../server/src/contract/auth.ts';
import { useAuth } from './auth.tsx';
import { navLinks, ROLE_LABELS } from './permissions.ts';

export function AppHeader({ user }: { user: User }) {
  const { signOut } = useAuth();
  return (
    <header className="app-header">
      <Link to="/" className="app-name">
        Chairside
      </Link>
      <nav className="app-nav" aria-label="Pages">
        {navLinks(user.role).map((link) => (
          <NavLink key={link.to} to={link.to} end={link.to === '/'} className="nav-link" data-testid={`nav-${link.permission}`}>
            {link.label}
          </NavLink>
        ))}
      </nav>
      <div className="signed-in-as" data-testid="signed-in-as">
        <span className="signed-in-name">{user.displayName}</span> <span className="signed-in-role">{ROLE_LABELS[user.role]}</span>
      </div>
      <button type="button" className="button button-secondary" onClick={() => void signOut()} data-testid="sign-out">
        Sign out
      </button>
    </header>
  );
}
