import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { chairById } from './board-state.ts';
import type { ConnectionState, LiveState, LiveStore } from './live-store.ts';
import type { SideEffectLog } from './side-effect-log.ts';
import type { Trend } from './trend.ts';

const LiveContext = createContext<LiveStore | null>(null);

export function LiveProvider({ store, children }: { store: LiveStore; children: ReactNode }) {
  return <LiveContext value={store}>{children}</LiveContext>;
}

/** The store itself: for connecting and disconnecting it as users sign in and out, and for showing
 * the server's reply to a change at once. */
export function useLiveStore(): LiveStore {
  const store = useContext(LiveContext);
  if (!store) throw new Error('the live hooks need a <LiveProvider>');
  return store;
}

/** A part of the live state; `select` must return a reference held in the state (not a new
 * object), so a component re-renders only when that part changed. */
function useLive<T>(select: (state: LiveState) => T): T {
  const store = useLiveStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

export function useConnection(): ConnectionState {
  return useLive((state) => state.connection);
}

export interface BoardView {
  /** False until the first snapshot arrived. */
  loaded: boolean;
  chairs: readonly ChairSnapshot[];
  connection: ConnectionState;
}

export function useBoard(): BoardView {
  const board = useLive((state) => state.board);
  const connection = useConnection();
  return useMemo(() => ({ loaded: board.loaded, chairs: board.chairs, connection }), [board, connection]);
}

export interface ChairView {
  /** False until the first snapshot arrived; then `chair` undefined means no such chair. */
  loaded: boolean;
  chair: ChairSnapshot | undefined;
  /** The current session's samples; undefined until the board has loaded. */
  trend: Trend | undefined;
  /** The current session's side effects, every version; undefined until the board has loaded. */
  sideEffects: SideEffectLog | undefined;
}

/** One chair with its session's trend and side effects. While mounted, the chair's room is joined
 * and its trend and log kept (`chair:subscribe` / `chair:unsubscribe`). */
export function useChair(chairId: number): ChairView {
  const store = useLiveStore();
  useEffect(() => store.watchChair(chairId), [store, chairId]);
  const loaded = useLive((state) => state.board.loaded);
  const chair = useLive((state) => chairById(state.board, chairId));
  const trend = useLive((state) => state.trends.get(chairId));
  const sideEffects = useLive((state) => state.sideEffects.get(chairId));
  return useMemo(() => ({ loaded, chair, trend, sideEffects }), [loaded, chair, trend, sideEffects]);
}
