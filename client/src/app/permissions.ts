import type { Role } from '../../../server/src/contract/auth.ts';

export const ROLE_LABELS: Record<Role, string> = { nurse: 'Nurse', supervisor: 'Supervisor', admin: 'Admin' };

/** What a role may see or do in the dashboard (issue #3). The server enforces the same rules;
 * these only decide what is offered. */
const ALLOWED = {
  'view-board': ['nurse', 'supervisor', 'admin'],
  /** The chair page shows the patient's full name and clinic ID. */
  'open-chair': ['nurse', 'supervisor'],
  /** Start and move sessions, type vitals, chart side effects: the nurse at the chair. */
  'run-session': ['nurse'],
  /** A session's samples, and a session search, as CSV. */
  'export-session': ['supervisor'],
  /** Past sessions: the search, a session's review and report, a patient's series side by side. */
  'search-sessions': ['nurse', 'supervisor'],
  /** The clinic over a period: activity, side-effect rates, alarm noise. */
  'read-clinic-summary': ['supervisor'],
  /** The alarm history of the shift and of a session. */
  'read-alarms': ['nurse', 'supervisor'],
  'acknowledge-alarms': ['nurse', 'supervisor'],
  /** Limits for one patient (e.g. a usual SBP of 165), with a reason: the nurse running the session. */
  'set-session-alarm-limits': ['nurse'],
  'read-audit': ['supervisor', 'admin'],
  'manage-users': ['admin'],
  /** Add, rename, take out of service. */
  'manage-chairs': ['admin'],
  'manage-ingest-tokens': ['admin'],
  /** The clinic's alarm limits and timings. */
  'edit-alarm-profile': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof ALLOWED;

export function can(role: Role, permission: Permission): boolean {
  return (ALLOWED[permission] as readonly Role[]).includes(role);
}

/** The roles that may, for telling someone who may not. */
export function rolesAllowed(permission: Permission): readonly Role[] {
  return ALLOWED[permission];
}

export interface NavLink {
  to: string;
  label: string;
  permission: Permission;
}

const NAV_LINKS: readonly NavLink[] = [
  { to: '/', label: 'Board', permission: 'view-board' },
  { to: '/alarms', label: 'Alarms', permission: 'read-alarms' },
  { to: '/sessions', label: 'Sessions', permission: 'search-sessions' },
  { to: '/summary', label: 'Summary', permission: 'read-clinic-summary' },
  { to: '/audit', label: 'Audit trail', permission: 'read-audit' },
  { to: '/admin/users', label: 'Users', permission: 'manage-users' },
  { to: '/admin/chairs', label: 'Chairs', permission: 'manage-chairs' },
  { to: '/admin/tokens', label: 'Ingest tokens', permission: 'manage-ingest-tokens' },
  { to: '/admin/alarm-profile', label: 'Alarm profile', permission: 'edit-alarm-profile' },
];

/** The pages in the navigation bar for this role. */
export function navLinks(role: Role): readonly NavLink[] {
  return NAV_LINKS.filter((link) => can(role, link.permission));
}
