import { useConnection } from '../live/hooks.tsx';

/** Shown while the live connection is down: what is on screen may be out of date. */
export function ConnectionBanner() {
  if (useConnection() !== 'disconnected') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span aria-hidden="true">⚠</span> Connection lost — reconnecting…
    </div>
  );
}
