import { useMatch } from 'react-router';
import { useBoard } from '../live/hooks.tsx';
import { AlarmBar } from './AlarmBar.tsx';
import { AlarmSound } from './AlarmSound.tsx';

/** On every page a nurse or supervisor opens, at the top while it scrolls: the alarm sound of the
 * whole board (or the banner that turns it on) and the chairs in alarm — on a chair's own page, the
 * other chairs (its alarms head the page). */
export function AlarmHeader() {
  const { chairs } = useBoard();
  const chairPage = useMatch('/chairs/:chairId');
  const shown = chairPage ? chairs.filter((chair) => String(chair.id) !== chairPage.params.chairId) : chairs;
  return (
    <div className="alarm-header">
      <AlarmSound chairs={chairs} />
      <AlarmBar chairs={shown} />
    </div>
  );
}
