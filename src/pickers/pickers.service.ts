import type { DataSource } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { toPrefixQuery } from '../search/search.service';
import { visibleTo, type Scope } from '../web/records';

// The record pickers of the forms (in reply to, amends, source, evidence) list only the chosen
// record and what the user searched for: a list of every note was 3 MB at 50,000 notes.

export type PickerKind = 'notes' | 'agreements' | 'meetings';
export type Option = { value: number; label: string };

export const PICKER_LIMIT = 20;

const KINDS: Record<PickerKind, { table: string; label: string; order: string; noun: string }> = {
  notes: {
    table: 'notes',
    label: `s.reference || ' — ' || s.subject`,
    order: 's.sent_on DESC, s.id DESC',
    noun: 'note',
  },
  agreements: {
    table: 'agreements',
    label: `s.title || coalesce(' (' || to_char(s.signed_on, 'YYYY') || ')', '')`,
    order: 's.signed_on DESC NULLS LAST, s.id DESC',
    noun: 'agreement',
  },
  meetings: {
    table: 'meetings',
    label: `to_char(s.held_on, 'YYYY-MM-DD') || ' · ' || s.title`,
    order: 's.held_on DESC, s.id DESC',
    noun: 'meeting',
  },
};

export const isPickerKind = (kind: string): kind is PickerKind => Object.hasOwn(KINDS, kind);

/** Visible records whose words start with the query's words (all of them), newest first; the newest when the query is empty. */
export async function searchRecords(
  db: DataSource,
  scope: Scope,
  kind: PickerKind,
  q: string,
  exclude?: number,
): Promise<Option[]> {
  const { table, label, order } = KINDS[kind];
  const params: unknown[] = [];
  const where = [visibleTo(scope, 's', params)];
  const query = toPrefixQuery(q);
  if (query) where.push(`s.search_vector @@ to_tsquery('demarche', $${params.push(query)})`);
  if (exclude) where.push(`s.id <> $${params.push(exclude)}`);
  return selectRows<Option>(
    db,
    `SELECT s.id AS value, ${label} AS label FROM ${table} s WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${PICKER_LIMIT}`,
    params,
  );
}

/** The chosen record, when the user may see it; otherwise nothing (its id is not echoed as a choice). */
export async function chosenRecord(
  db: DataSource,
  scope: Scope,
  kind: PickerKind,
  id: unknown,
): Promise<Option | undefined> {
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : 0;
  if (!n) return undefined;
  const { table, label } = KINDS[kind];
  const params: unknown[] = [n];
  return selectRow<Option>(
    db,
    `SELECT s.id AS value, ${label} AS label FROM ${table} s WHERE s.id = $1 AND ${visibleTo(scope, 's', params)}`,
    params,
  );
}

export interface PickerState {
  kind: PickerKind;
  noun: string;
  options: Option[];
  query: string;
  searched: boolean;
  found: number;
}

/** The words typed in a picker's search field (`_find[field]`), when the form was posted with one. */
export function typedQuery(body: unknown, field: string): string {
  const find = (body as { _find?: unknown } | undefined)?._find;
  const value = find && typeof find === 'object' ? (find as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

/** True when the form was sent with a picker's Search button: it is re-shown with the matches, and nothing is saved. */
export const isPickerSearch = (body: unknown) => (body as { _search?: unknown } | undefined)?._search !== undefined;

/**
 * Each picker's choices: the chosen record, then, when the form was posted with Search, the
 * matches for every picker whose search field has words (Enter in any search field presses the
 * form's first Search button), or the newest records for the one whose button was pressed.
 */
export async function pickerStates(
  db: DataSource,
  scope: Scope,
  fields: Record<string, PickerKind>,
  values: Record<string, unknown>,
  body?: unknown,
  exclude?: number,
): Promise<Record<string, PickerState>> {
  const pressed = (body as { _search?: unknown } | undefined)?._search;
  const entries = await Promise.all(
    Object.entries(fields).map(async ([field, kind]) => {
      const query = body ? typedQuery(body, field) : '';
      const searched = body !== undefined && isPickerSearch(body) && (query.trim() !== '' || pressed === field);
      const [chosen, matches] = await Promise.all([
        chosenRecord(db, scope, kind, values[field]),
        searched ? searchRecords(db, scope, kind, query, exclude) : Promise.resolve([]),
      ]);
      const options =
        chosen && chosen.value !== exclude ? [chosen, ...matches.filter((m) => m.value !== chosen.value)] : matches;
      return [field, { kind, noun: KINDS[kind].noun, options, query, searched, found: matches.length }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
