import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { errorMessage } from '../ui/field-errors.ts';
import { useAcknowledge } from './alarms-api.ts';

interface AcknowledgeButtonProps {
  /** Acknowledged together with one tap. */
  alarms: readonly Alarm[];
  /** What the tap acknowledges, for screen readers (many buttons on a board read "Acknowledge"). */
  label: string;
  testId: string;
}

export function AcknowledgeButton({ alarms, label, testId }: AcknowledgeButtonProps) {
  const acknowledge = useAcknowledge();
  return (
    <>
      <button
        type="button"
        className="button button-small alarm-acknowledge"
        aria-label={label}
        disabled={acknowledge.isPending}
        onClick={() => acknowledge.mutate(alarms)}
        data-testid={testId}
      >
        Acknowledge
      </button>
      {acknowledge.isError && (
        <span className="alarm-note" role="alert">
          Not acknowledged: {errorMessage(acknowledge.error)}
        </span>
      )}
    </>
  );
}
