import { chairRoom, DEFAULT_WARD, wardRoom } from '../contract/events.ts';
import type { ChairsideIo } from '../plugins/socket.ts';
import { BOARD_VIEWERS, principalOf } from '../auth/access.ts';
import type { SessionService } from '../sessions/service.ts';
import { toAck } from '../result.ts';
import type { LiveBoard } from './live.ts';

/** Staff join their ward's room on connect (the board needs no further call); a chair's room
 * is for a screen that follows one chair only. */
export function registerChairSocket(io: ChairsideIo, live: LiveBoard, sessions: SessionService) {
  io.on('connection', (socket) => {
    if (BOARD_VIEWERS.includes(principalOf(socket.data.caller)) && !socket.recovered) void socket.join(wardRoom(DEFAULT_WARD));
    socket.on('chair:subscribe', async (request, ack) => {
      if (typeof ack !== 'function') return;
      const chair = typeof request?.chairId === 'number' ? live.chair(request.chairId) : undefined;
      if (!chair) return ack({ ok: false, error: { code: 'unknown-chair', message: 'chairId: no such chair', field: 'chairId' } });
      const since = request.since ?? 0;
      if (!Number.isInteger(since) || since < 0) {
        return ack({ ok: false, error: { code: 'invalid-request', message: 'since must be a sequence number', field: 'since' } });
      }
      await socket.join(chairRoom(chair.id));
      ack(chair.activeSession ? toAck(await sessions.vitals(chair.activeSession.id, since)) : { ok: true, data: [] });
    });
    socket.on('chair:unsubscribe', (request) => {
      if (typeof request?.chairId === 'number') void socket.leave(chairRoom(request.chairId));
    });
  });
}
