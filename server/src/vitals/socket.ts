import type { FastifyBaseLogger } from 'fastify';
import type { ChairsideIo } from '../plugins/socket.ts';
import { toAck } from '../result.ts';
import { recorderOf, type RecordVitals } from './ingest.ts';

/** `vitals:record` for monitors and simulators that keep a connection open. When a machine's
 * connection drops, the chairs it streamed are told (a technical alarm on each). */
export function registerVitalsSocket(
  io: ChairsideIo,
  recordVitals: RecordVitals,
  disconnected: (chairIds: ReadonlySet<number>, device: string) => void,
  log: FastifyBaseLogger,
) {
  io.on('connection', (socket) => {
    const caller = socket.data.caller;
    const streamed = new Set<number>();
    if (caller.kind === 'machine') socket.on('disconnect', () => disconnected(streamed, caller.machine.name));
    socket.on('vitals:record', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof request !== 'object' || request === null || !Number.isInteger(request.chairId)) {
        return ack({ ok: false, error: { code: 'invalid-request', message: 'chairId must be an integer', field: 'chairId' } });
      }
      const { chairId, ...body } = request;
      // An unexpected failure is answered like HTTP's 500: left unhandled, it would end the process.
      const result = await recordVitals(chairId, body, recorderOf(caller, socket.data.address)).catch((error: unknown) => {
        log.error({ err: error, chairId }, 'vitals:record failed');
        return null;
      });
      if (!result) return ack({ ok: false, error: { code: 'internal-error', message: 'Internal error: the request was not completed' } });
      if (result.ok) streamed.add(chairId);
      ack(toAck(result));
    });
  });
}
