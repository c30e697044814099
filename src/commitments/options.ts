import type { DataSource } from 'typeorm';
import type { Clearance } from '../config';
import { visibleTo, type Scope } from '../web/records';
import { STATUSES, STRENGTHS } from './commitment-status';

// Choices for the selects of the commitment and meeting forms. Source records (meetings,
// notes, agreements) are filtered by clearance like every other read of them.

export type Option = { value: number | string; label: string };

const SOURCE_LIMIT = 200;

export const strengthOptions: Option[] = STRENGTHS.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));
export const statusOptions = (statuses: readonly string[] = STATUSES): Option[] => statuses.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));

export function classificationOptions(scope: Scope): Option[] {
  return scope.levels.map((level: Clearance) => ({ value: level, label: level }));
}

/** Live officials with their current title, so two people of the same name can be told apart. */
export async function officialOptions(db: DataSource): Promise<Option[]> {
  return db.query(
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
  return db.query(`SELECT id AS value, name AS label FROM users WHERE NOT disabled ORDER BY name, id`);
}

const SOURCES = {
  meetings: { table: 'meetings', label: `to_char(s.held_on, 'YYYY-MM-DD') || ' · ' || s.title`, order: 's.held_on DESC, s.id DESC' },
  notes: { table: 'notes', label: `s.reference || ' · ' || s.subject`, order: 's.sent_on DESC, s.id DESC' },
  agreements: { table: 'agreements', label: 's.title', order: 's.signed_on DESC NULLS LAST, s.id DESC' },
} as const;

async function recent(db: DataSource, scope: Scope, kind: keyof typeof SOURCES, chosen: number): Promise<Option[]> {
  const { table, label, order } = SOURCES[kind];
  const params: unknown[] = [chosen];
  const visible = visibleTo(scope, 's', params);
  return db.query(
    `SELECT s.id AS value, ${label} AS label FROM ${table} s
      WHERE ${visible} AND (s.id = $1 OR s.id IN (SELECT s.id FROM ${table} s WHERE ${visible} ORDER BY ${order} LIMIT ${SOURCE_LIMIT}))
      ORDER BY ${order}`,
    params,
  );
}

/** The most recent visible meetings, notes and agreements; a chosen one is always included. */
export async function sourceOptions(db: DataSource, scope: Scope, chosen: { meetingId?: unknown; noteId?: unknown; agreementId?: unknown } = {}) {
  const id = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === 'number' ? v : 0);
  const [meetings, notes, agreements] = await Promise.all([
    recent(db, scope, 'meetings', id(chosen.meetingId)),
    recent(db, scope, 'notes', id(chosen.noteId)),
    recent(db, scope, 'agreements', id(chosen.agreementId)),
  ]);
  return { meetings, notes, agreements };
}
