import { useState } from 'react';
import type { AuditEvent } from '../../../server/src/contract/auth.ts';
import { formatDateTime } from '../ui/format.ts';
import { prettyJson } from './audit-query.ts';

const COLUMNS = 6;

export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <table className="data-table" data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">User</th>
          <th scope="col">Action</th>
          <th scope="col">Entity</th>
          <th scope="col">IP address</th>
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <AuditRow key={event.id} event={event} />
        ))}
      </tbody>
    </table>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  const hasDetails = event.before !== null || event.after !== null;
  const detailsId = `audit-${event.id}-details`;
  return (
    <>
      <tr data-testid={`audit-row-${event.id}`}>
        <td className="cell-nowrap">
          <time dateTime={event.at}>{formatDateTime(Date.parse(event.at), { seconds: true })}</time>
        </td>
        <td>
          {event.username} <span className="cell-note">{event.role}</span>
        </td>
        <td className="cell-code">{event.action}</td>
        <td>
          {event.entity} {event.entityId && <span className="cell-code">{event.entityId}</span>}
        </td>
        <td className="cell-code">{event.ip ?? '—'}</td>
        <td>
          {hasDetails && (
            <button
              type="button"
              className="button button-small"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={() => setOpen(!open)}
              data-testid={`audit-row-${event.id}-toggle`}
            >
              {open ? 'Hide changes' : 'Changes'}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="row-editor" id={detailsId} data-testid={detailsId}>
          <td colSpan={COLUMNS}>
            <div className="audit-changes">
              <ChangeState title="Before" text={event.before} />
              <ChangeState title="After" text={event.after} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function ChangeState({ title, text }: { title: string; text: string | null }) {
  return (
    <figure className="audit-state">
      <figcaption>{title}</figcaption>
      {text === null ? <p className="cell-note">None</p> : <pre>{prettyJson(text)}</pre>}
    </figure>
  );
}
