/** The fields where the saved record now differs from what the stale form was based on or typed. */
export function conflictRows(
  labels: Record<string, string>,
  yours: Record<string, unknown>,
  current: object,
): { field: string; label: string; yours: string; theirs: string }[] {
  const show = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
  return Object.entries(labels)
    .filter(([field]) => show(yours[field]) !== show((current as Record<string, unknown>)[field]))
    .map(([field, label]) => ({ field, label, yours: show(yours[field]), theirs: show((current as Record<string, unknown>)[field]) }));
}
