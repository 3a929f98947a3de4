import { useSyncExternalStore } from 'react';

/** How often elapsed times and ages on screen move on. */
export const CLOCK_TICK_MS = 1_000;

// One timer for the whole page, running only while something shows a time.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, CLOCK_TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, re-rendering the caller every tick. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
