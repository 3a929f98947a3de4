import { describe, expect, it } from 'vitest';
import { can, navLinks, rolesAllowed } from './permissions.ts';

describe('permissions', () => {
  it('lets nurses and supervisors open a chair page, not admins (full patient identity)', () => {
    expect(rolesAllowed('open-chair')).toEqual(['nurse', 'supervisor']);
    expect(can('admin', 'view-board')).toBe(true);
    expect(can('admin', 'open-chair')).toBe(false);
  });

  it('leaves running a session to nurses: supervisors read, admins do not see the chair', () => {
    expect(rolesAllowed('run-session')).toEqual(['nurse']);
  });

  it('keeps exports for supervisors and the audit trail for supervisors and admins', () => {
    expect(can('supervisor', 'export-session')).toBe(true);
    expect(can('nurse', 'export-session')).toBe(false);
    expect(can('nurse', 'read-audit')).toBe(false);
    expect(can('admin', 'read-audit')).toBe(true);
    expect(can('supervisor', 'manage-users')).toBe(false);
  });

  it("shows alarms to the staff on the floor, lets the nurse set a session's limits and the admin the clinic's", () => {
    expect(rolesAllowed('read-alarms')).toEqual(['nurse', 'supervisor']);
    expect(rolesAllowed('acknowledge-alarms')).toEqual(['nurse', 'supervisor']);
    expect(rolesAllowed('set-session-alarm-limits')).toEqual(['nurse']);
    expect(rolesAllowed('edit-alarm-profile')).toEqual(['admin']);
  });

  it('lets the clinical staff search past sessions, and keeps the clinic summary for supervisors', () => {
    expect(rolesAllowed('search-sessions')).toEqual(['nurse', 'supervisor']);
    expect(rolesAllowed('read-clinic-summary')).toEqual(['supervisor']);
    expect(can('admin', 'search-sessions')).toBe(false);
  });

  it('offers each role only the pages it may open', () => {
    const labels = (role: Parameters<typeof navLinks>[0]) => navLinks(role).map((link) => link.label);
    expect(labels('nurse')).toEqual(['Board', 'Alarms', 'Sessions']);
    expect(labels('supervisor')).toEqual(['Board', 'Alarms', 'Sessions', 'Summary', 'Audit trail']);
    expect(labels('admin')).toEqual(['Board', 'Audit trail', 'Users', 'Chairs', 'Ingest tokens', 'Alarm profile']);
  });
});
