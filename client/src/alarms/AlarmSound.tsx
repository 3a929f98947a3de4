import { useEffect, useSyncExternalStore } from 'react';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { useNow } from '../ui/clock.ts';
import { AlarmTones, soundPlan } from './sound.ts';

// One for the page: once a tap has allowed the audio, it stays on from page to page.
const tones = new AlarmTones();

/** Sounds the board's most urgent sounding alarm (again when a silence ends), and asks for the tap
 * that browsers require before any sound while the audio is not running. */
export function AlarmSound({ chairs }: { chairs: readonly ChairSnapshot[] }) {
  const plan = soundPlan(
    chairs.flatMap((chair) => chair.alarms),
    useNow(),
  );
  const state = useSyncExternalStore(tones.subscribe, () => tones.state);
  useEffect(() => tones.play(plan), [plan]);
  useEffect(() => () => tones.play(null), []);
  if (state === 'running') return null;
  return (
    <div role="alert">
      <button type="button" className="sound-off-banner" onClick={() => void tones.enable()} data-testid="sound-off-banner">
        <span aria-hidden="true">⚠</span>{' '}
        {state === 'off'
          ? 'Sound is off — tap to enable alarm sound'
          : 'No alarm sound on this screen (no audio output) — tap to try again'}
      </button>
    </div>
  );
}
