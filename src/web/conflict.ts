import type { DataSource } from 'typeorm';
import { namedValues, type RecordKind } from './record-names';
import type { Scope } from './records';

/** The fields where the saved record now differs from what the stale form was based on or typed. */
export function conflictRows(
  labels: Record<string, string>,
  yours: Record<string, unknown>,
  current: object,
): { field: string; label: string; yours: string; theirs: string }[] {
  const show = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (Array.isArray(v)) return v.join(', ');
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    // Stored values and form values are primitives or lists; anything else is shown as data, never "[object Object]".
    return v instanceof Date ? v.toISOString() : (JSON.stringify(v) ?? '');
  };
  return Object.entries(labels)
    .filter(([field]) => show(yours[field]) !== show((current as Record<string, unknown>)[field]))
    .map(([field, label]) => ({
      field,
      label,
      yours: show(yours[field]),
      theirs: show((current as Record<string, unknown>)[field]),
    }));
}

/**
 * The conflict table with every linked record named as the user may see it: a record above their
 * clearance is "a record you may not see", and no id is ever shown.
 */
export async function namedConflictRows(
  db: DataSource,
  scope: Scope,
  labels: Record<string, string>,
  refs: Record<string, RecordKind>,
  yours: Record<string, unknown>,
  current: object,
): Promise<ReturnType<typeof conflictRows>> {
  const [y, c] = await namedValues(db, scope, refs, yours, { ...current });
  return conflictRows(labels, y, c);
}
