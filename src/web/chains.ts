import type { EntityManager } from 'typeorm';
import { selectRows } from '../db/rows';
import { visibleTo, type Scope } from './records';

// Chains of records (an agreement's parents, a note's reply thread) are checked for cycles by
// walking up only through records the user may see. The walk stops at the first record they may
// not see, and the check then refuses: whether the chain would loop back through hidden records
// is never looked at, so the answer depends only on what the user may see (the visible record
// whose parent is hidden, which its own page already shows as "a … you may not see").

export interface ChainLink {
  id: number;
  name: string;
  visible: boolean;
}

const NAME = { notes: 'n.reference', agreements: 'n.title' } as const;

/** From `startId` upwards: each record, its name, and whether the user may see it; stops after the first hidden one. */
export async function visibleChain(
  tx: EntityManager,
  scope: Scope,
  table: 'notes' | 'agreements',
  parentColumn: 'in_reply_to_id' | 'parent_id',
  startId: number,
): Promise<ChainLink[]> {
  const params: unknown[] = [startId];
  const visible = visibleTo(scope, 'n', params);
  return selectRows<ChainLink>(
    tx,
    `WITH RECURSIVE up(id, parent, name, visible, depth) AS (
       SELECT n.id, n.${parentColumn}, CASE WHEN ${visible} THEN ${NAME[table]} END, ${visible}, 0 FROM ${table} n WHERE n.id = $1
       UNION ALL
       SELECT n.id, n.${parentColumn}, CASE WHEN ${visible} THEN ${NAME[table]} END, ${visible}, up.depth + 1 FROM ${table} n JOIN up ON n.id = up.parent WHERE up.visible AND up.depth < 500)
     SELECT id, name, visible FROM up ORDER BY depth`,
    params,
  );
}

/** The message for a chain that loops back to `selfId` or climbs out of sight; undefined when it is fine. */
export function chainError(
  chain: ChainLink[],
  selfId: number,
  messages: { cycle: string; hidden: (visibleName: string) => string },
): string | undefined {
  for (const [i, link] of chain.entries()) {
    if (!link.visible) return messages.hidden(chain[i - 1]?.name ?? 'The record chosen');
    if (link.id === selfId) return messages.cycle;
  }
  return undefined;
}
