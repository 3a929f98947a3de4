import { useEffect, useRef } from 'react';
import { VitalsKeypad } from './VitalsKeypad.tsx';

/** The keypad over the board, opened from a chair's due prompt; it closes once the set is saved. */
export function VitalsDialog({ chairId, chairName, onClose }: { chairId: number; chairName: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="vitals-dialog" aria-labelledby="vitals-dialog-title" onClose={onClose} data-testid="vitals-dialog">
      <header className="dialog-header">
        <h2 id="vitals-dialog-title">Vitals — {chairName}</h2>
        <button type="button" className="button button-secondary" onClick={onClose} data-testid="vitals-dialog-close">
          Close
        </button>
      </header>
      <VitalsKeypad chairId={chairId} onSaved={onClose} />
    </dialog>
  );
}
