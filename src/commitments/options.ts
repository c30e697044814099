import type { DataSource } from 'typeorm';
import type { Clearance } from '../config';
import { selectRows } from '../db/rows';
import type { Scope } from '../web/records';
import { STATUSES, STRENGTHS } from './commitment-status';

// Choices for the selects of the commitment and meeting forms. Source records (meetings,
// notes, agreements) are chosen through the bounded pickers of src/pickers/.

export type Option = { value: number | string; label: string };

export const strengthOptions: Option[] = STRENGTHS.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));
export const statusOptions = (statuses: readonly string[] = STATUSES): Option[] =>
  statuses.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));

export function classificationOptions(scope: Scope): Option[] {
  return scope.levels.map((level: Clearance) => ({ value: level, label: level }));
}

/** Live officials with their current title, so two people of the same name can be told apart. */
export async function officialOptions(db: DataSource): Promise<Option[]> {
  return selectRows<Option>(
    db,
    `SELECT o.id AS value, o.full_name || coalesce(' — ' || cur.title, '') || coalesce(' (' || mi.country_code || ')', '') AS label
       FROM officials o
       LEFT JOIN LATERAL (SELECT title, ministry_id FROM official_positions p WHERE p.official_id = o.id
                           ORDER BY p.ended_on IS NULL DESC, p.started_on DESC, p.id DESC LIMIT 1) cur ON true
       LEFT JOIN ministries mi ON mi.id = cur.ministry_id
      WHERE o.deleted_at IS NULL ORDER BY o.full_name, o.id`,
  );
}

export { negotiationOptions } from '../negotiations/negotiations.service';

export async function userOptions(db: DataSource): Promise<Option[]> {
  return selectRows<Option>(db, `SELECT id AS value, name AS label FROM users WHERE NOT disabled ORDER BY name, id`);
}
