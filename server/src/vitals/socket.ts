import type { ChairsideIo } from '../plugins/socket.ts';
import { toAck } from '../result.ts';
import { recorderOf, type RecordVitals } from './ingest.ts';

/** `vitals:record` for monitors and simulators that keep a connection open. */
export function registerVitalsSocket(io: ChairsideIo, recordVitals: RecordVitals) {
  io.on('connection', (socket) => {
    socket.on('vitals:record', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof request !== 'object' || request === null || !Number.isInteger(request.chairId)) {
        return ack({ ok: false, error: { code: 'invalid-request', message: 'chairId must be an integer', field: 'chairId' } });
      }
      const { chairId, ...body } = request;
      ack(toAck(await recordVitals(chairId, body, recorderOf(socket.data.caller, socket.handshake.address))));
    });
  });
}
