import type { Alarm } from '../../../server/src/contract/alarms.ts';
import { AlarmMessage } from '../ui/AlarmMessage.tsx';
import { useNow } from '../ui/clock.ts';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { acknowledgementNote, isSilenced } from './alarm-view.ts';

/** An alarm's class: its priority's colour, flashing while it sounds (`alarm-silenced` stops the
 * flashing; the colour and marker stay). */
export const alarmClass = (priority: Alarm['priority'], silenced: boolean) => `alarm alarm-${priority}${silenced ? ' alarm-silenced' : ''}`;

interface AlarmItemProps {
  alarm: Alarm;
  /** Offers Acknowledge while it sounds. */
  acknowledges: boolean;
  testId: string;
}

/** One active alarm as sent (`SBP 186 > 180`), with who silenced it and until when. */
export function AlarmItem({ alarm, acknowledges, testId }: AlarmItemProps) {
  const now = useNow();
  const silenced = isSilenced(alarm, now);
  const note = acknowledgementNote(alarm, now);
  return (
    <li className={alarmClass(alarm.priority, silenced)} data-testid={testId}>
      <AlarmMessage priority={alarm.priority}>{alarm.message}</AlarmMessage>
      {note && <span className="alarm-note">{note}</span>}
      {acknowledges && !silenced && (
        <AcknowledgeButton alarms={[alarm]} label={`Acknowledge ${alarm.message}`} testId={`acknowledge-${alarm.id}`} />
      )}
    </li>
  );
}
