import type { Chair, ChairCreateInput, ChairUpdateInput } from '../contract/chairs.ts';
import { DEFAULT_WARD } from '../contract/events.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import { fail, ok, type Result } from '../result.ts';
import type { LiveBoard } from './live.ts';

const audited = ({ name, ward, inService }: Chair) => ({ name, ward, inService });
/** Two chairs the nurses could mistake for one another: the same name but for case and spacing. */
const spokenAs = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The clinic's chairs, as an admin sets them up: add, rename, take out of service and back. A
 * chair is never removed: its sessions stay in the archive. Changes are made one at a time (the
 * next id and the unique name are decided against the chairs as they are), then shown on every
 * board.
 */
export function createChairService(prisma: PrismaClient, live: LiveBoard, broadcaster: Broadcaster) {
  let queue: Promise<unknown> = Promise.resolve();
  function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const done = queue.then(change);
    queue = done.catch(() => {});
    return done;
  }

  function nameTaken(name: string, exceptId?: number): Result<never> | null {
    const other = [...live.chairs()].find((chair) => chair.id !== exceptId && spokenAs(chair.name) === spokenAs(name));
    return other ? fail(409, 'chair-name-taken', `name: chair ${other.id} is already called ${other.name}`, 'name') : null;
  }

  function shown(chair: Chair): Chair {
    live.setChair(chair);
    broadcaster.chair(chair);
    return chair;
  }

  const add = (input: ChairCreateInput, actor: Actor): Promise<Result<Chair>> =>
    oneAtATime(async () => {
      const name = input.name.trim();
      const taken = nameTaken(name);
      if (taken) return taken;
      const id = Math.max(0, ...[...live.chairs()].map((chair) => chair.id)) + 1;
      const chair: Chair = { id, name, ward: DEFAULT_WARD, inService: true };
      await prisma.$transaction(async (tx) => {
        await tx.chair.create({ data: chair });
        await recordAudit(tx, actor, { action: 'chair.add', entity: 'chair', entityId: String(id), after: audited(chair) });
      });
      return ok(shown(chair));
    });

  const update = (chairId: number, input: ChairUpdateInput, actor: Actor): Promise<Result<Chair>> =>
    oneAtATime(async () => {
      const current = live.chair(chairId);
      if (!current) return fail(404, 'unknown-chair', `chairId: there is no chair ${chairId}`, 'chairId');
      const name = input.name?.trim();
      const taken = name === undefined ? null : nameTaken(name, chairId);
      if (taken) return taken;
      if (input.inService === false && current.activeSession) {
        return fail(409, 'chair-busy', `inService: ${current.name} has a session running; end it first`, 'inService');
      }
      const after: Chair = { id: chairId, ward: current.ward, name: name ?? current.name, inService: input.inService ?? current.inService };
      await prisma.$transaction(async (tx) => {
        await tx.chair.update({ where: { id: chairId }, data: { name: after.name, inService: after.inService } });
        await recordAudit(tx, actor, {
          action: 'chair.update',
          entity: 'chair',
          entityId: String(chairId),
          before: audited(current),
          after: audited(after),
        });
      });
      return ok(shown(after));
    });

  return { add, update };
}
export type ChairService = ReturnType<typeof createChairService>;
