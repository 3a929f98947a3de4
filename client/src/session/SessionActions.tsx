import { useState } from 'react';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';
import { errorMessage } from '../ui/field-errors.ts';
import { AbortForm } from './AbortForm.tsx';
import { DischargeForm } from './DischargeForm.tsx';
import { PreScoresForm } from './PreScoresForm.tsx';
import { RateChangeForm } from './RateChangeForm.tsx';
import { useTransition } from './session-api.ts';
import { ACTION_LABELS, moveTarget, sessionActions, type SessionAction } from './workflow.ts';

/** Actions that open a form under the bar; the others act at once (stopping after a confirming tap). */
type Panel = Extract<SessionAction, 'pre-scores' | 'rate' | 'discharge' | 'abort'>;
const PANELS: readonly SessionAction[] = ['pre-scores', 'rate', 'discharge', 'abort'];
const isPanel = (action: SessionAction): action is Panel => PANELS.includes(action);

/** The nurse's next steps for this phase, and only those the phase table allows. */
export function SessionActions({ session }: { session: SessionSummary }) {
  const move = useTransition(session.id);
  const [open, setOpen] = useState<Panel | null>(null);
  const actions = sessionActions(session.phase);
  const panel = open && actions.includes(open) ? open : null;
  const close = () => setOpen(null);

  function act(action: SessionAction) {
    if (isPanel(action)) {
      setOpen(action);
      return;
    }
    const to = moveTarget(action);
    if (to === 'infusing' || to === 'paused' || to === 'recovery') move.mutate({ to });
  }

  return (
    <section className="session-actions" aria-label="Session steps">
      <div className="action-bar">
        {session.phase === 'pre-infusion' && (
          <p className="pre-scores" data-testid="pre-scores">
            {session.painBefore === null ? 'Pre scores not recorded' : `Pain ${session.painBefore}/10 · MOAA/S ${session.sedationBefore}`}
          </p>
        )}
        {actions.map((action) =>
          action === 'stop' ? (
            <ConfirmButton
              key={action}
              label={ACTION_LABELS.stop}
              question="Stop the infusion? The pump is not restarted after this; recovery begins."
              confirmLabel="Yes, stop"
              className="button button-big"
              disabled={move.isPending}
              onConfirm={() => act(action)}
              testId="action-stop"
            />
          ) : (
            <button
              key={action}
              type="button"
              className={action === 'start' || action === 'resume' ? 'button button-primary button-big' : 'button button-big'}
              aria-pressed={isPanel(action) ? panel === action : undefined}
              disabled={move.isPending}
              onClick={() => act(action)}
              data-testid={`action-${action}`}
            >
              {ACTION_LABELS[action]}
            </button>
          ),
        )}
      </div>
      {move.isError && (
        <p className="form-error" role="alert" data-testid="action-error">
          {errorMessage(move.error)}
        </p>
      )}
      {panel === 'pre-scores' && <PreScoresForm session={session} onDone={close} />}
      {panel === 'rate' && <RateChangeForm session={session} onDone={close} />}
      {panel === 'discharge' && <DischargeForm session={session} onDone={close} />}
      {panel === 'abort' && <AbortForm session={session} onDone={close} />}
    </section>
  );
}
