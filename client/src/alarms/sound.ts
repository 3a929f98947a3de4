import { isSounding, PRIORITY_RANK, type Alarm, type AlarmPriority } from '../../../server/src/contract/alarms.ts';

/** What the screen sounds now: the highest priority among the alarms sounding (not silenced, or
 * whose silence has ended); null for quiet. One pattern at a time, as a monitor does. */
export function soundPlan(alarms: readonly Alarm[], now: number): AlarmPriority | null {
  let plan: AlarmPriority | null = null;
  for (const alarm of alarms) {
    if (isSounding(alarm, now) && (plan === null || PRIORITY_RANK[alarm.priority] > PRIORITY_RANK[plan])) plan = alarm.priority;
  }
  return plan;
}

interface Pattern {
  /** Tone frequency (Hz), with harmonics added for a sound that is easy to locate. */
  hz: number;
  /** Start of each pulse within the burst (s). */
  pulsesAt: readonly number[];
  pulseS: number;
  /** A burst starts again this often (ms). */
  repeatMs: number;
}

/**
 * IEC 60601-1-8-like patterns (clinical reference §5), told apart by rhythm and pitch:
 * high: 10 pulses (3 + 2, a pause, 3 + 2) every 5 s; medium: 3 slower, lower pulses every 15 s;
 * low: 2 soft tones every 30 s. The standard allows a low-priority signal to play once, but here a
 * low alarm is technical (no data, a disconnected device) and a single tone is easily missed on a
 * busy floor, so it repeats, rarely.
 */
export const PATTERNS: Record<AlarmPriority, Pattern> = {
  high: { hz: 880, pulsesAt: [0, 0.25, 0.5, 1, 1.25, 2, 2.25, 2.5, 3, 3.25], pulseS: 0.15, repeatMs: 5_000 },
  medium: { hz: 660, pulsesAt: [0, 0.4, 0.8], pulseS: 0.2, repeatMs: 15_000 },
  low: { hz: 520, pulsesAt: [0, 0.5], pulseS: 0.25, repeatMs: 30_000 },
};

const VOLUME: Record<AlarmPriority, number> = { high: 0.35, medium: 0.28, low: 0.2 };
const HARMONICS = [1, 2, 3, 4] as const;

export type AudioState = 'off' | 'running' | 'unavailable';

/**
 * The alarm sound, through Web Audio. Browsers refuse audio until the user has touched the page:
 * `enable()` is called from a tap. A screen with no audio output (or a browser without Web Audio)
 * is `unavailable`, and nothing throws.
 */
export class AlarmTones {
  #context: AudioContext | null = null;
  #unavailable = false;
  /** What the board asks for, and the pattern actually going (none while the audio is off). */
  #wanted: AlarmPriority | null = null;
  #sounding: AlarmPriority | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #voices: OscillatorNode[] = [];
  readonly #listeners = new Set<() => void>();

  get state(): AudioState {
    if (this.#unavailable) return 'unavailable';
    return this.#context?.state === 'running' ? 'running' : 'off';
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** From a user's tap: starts the audio, and with it the pattern due now. */
  async enable(): Promise<void> {
    this.#unavailable = false;
    try {
      if (!this.#context) {
        this.#context = new AudioContext();
        this.#context.addEventListener('statechange', this.#changed);
      }
      await this.#context.resume();
    } catch {
      this.#unavailable = true;
    }
    this.#changed();
  }

  /** Plays `priority`'s pattern until told otherwise; the same priority again keeps its rhythm. */
  play(priority: AlarmPriority | null): void {
    this.#wanted = priority;
    this.#sync();
  }

  #sync(): void {
    const next = this.state === 'running' ? this.#wanted : null;
    if (next === this.#sounding) return;
    clearInterval(this.#timer);
    for (const voice of this.#voices) voice.stop();
    this.#voices = [];
    this.#sounding = next;
    if (next === null) return;
    this.#burst(next);
    this.#timer = setInterval(() => this.#burst(next), PATTERNS[next].repeatMs);
  }

  #burst(priority: AlarmPriority): void {
    const context = this.#context!;
    const { hz, pulsesAt, pulseS } = PATTERNS[priority];
    const volume = VOLUME[priority];
    const start = context.currentTime + 0.05;
    this.#voices = [];
    for (const at of pulsesAt) {
      const t = start + at;
      const envelope = context.createGain();
      envelope.connect(context.destination);
      // Soft edges: a square on/off clicks.
      envelope.gain.setValueAtTime(0, t);
      envelope.gain.linearRampToValueAtTime(volume, t + 0.015);
      envelope.gain.setValueAtTime(volume, t + pulseS - 0.02);
      envelope.gain.linearRampToValueAtTime(0, t + pulseS);
      for (const n of HARMONICS) {
        const voice = context.createOscillator();
        const level = context.createGain();
        voice.frequency.value = hz * n;
        level.gain.value = 1 / (n * HARMONICS.length);
        voice.connect(level).connect(envelope);
        voice.start(t);
        voice.stop(t + pulseS);
        this.#voices.push(voice);
      }
    }
  }

  /** Also when the browser or the system suspends the audio (a headset unplugged): the pattern
   * stops, and the banner asks for a tap again. */
  #changed = (): void => {
    this.#sync();
    for (const listener of this.#listeners) listener();
  };
}
