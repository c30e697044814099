import type { Request } from 'express';
import { withQuery } from '../web/forms';
import { STATUSES, OPEN_STATUSES, isOpen } from './commitment-status';
import { COUNT_CAP, type FilterChoices, type Filters, type OpenCommitmentRow } from './open-commitments';

const label = (list: { value: number; label: string }[], id?: number) => list.find((o) => o.value === id)?.label ?? `#${id}`;

/** The filters in force, each with the URL that removes it, for the chips above the table. */
export function activeFilters(req: Request, filters: Filters, choices: FilterChoices) {
  const chips: { label: string; remove: string }[] = [];
  const defaultStatus = filters.status.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => filters.status.includes(s));
  if (!defaultStatus) chips.push({ label: `Status: ${filters.status.map((s) => s.replace(/_/g, ' ')).join(', ')}`, remove: withQuery(req, { status: undefined, after: undefined, before: undefined }) });
  const add = (name: keyof Filters, text: string | undefined) => {
    if (text !== undefined) chips.push({ label: text, remove: withQuery(req, { [name]: undefined, after: undefined, before: undefined }) });
  };
  add('partyId', filters.partyId ? `Party: ${label(choices.ministries, filters.partyId)}` : undefined);
  add('counterpartId', filters.counterpartId ? `Counterpart: ${label(choices.ministries, filters.counterpartId)}` : undefined);
  add('officialId', filters.officialId ? `Made by: ${label(choices.officials, filters.officialId)}` : undefined);
  add('negotiationId', filters.negotiationId ? `Negotiation: ${label(choices.negotiations, filters.negotiationId)}` : undefined);
  add('ownerId', filters.ownerId ? `Owner: ${label(choices.owners, filters.ownerId)}` : undefined);
  add('direction', filters.direction ? `Direction: ${filters.direction}` : undefined);
  add('overdue', filters.overdue ? 'Overdue only' : undefined);
  add('dueWithin', filters.dueWithin !== undefined ? `Due within ${filters.dueWithin} days` : undefined);
  add('q', filters.q ? `Words: ${filters.q}` : undefined);
  add('sort', filters.sort !== 'due' ? `Sorted by ${filters.sort === 'made' ? 'date made' : 'longest quiet'}` : undefined);
  return chips;
}

export function statusCounts(req: Request, counts: Record<string, number>) {
  return STATUSES.map((status) => ({
    status,
    count: counts[status],
    capped: counts[status] >= COUNT_CAP,
    href: withQuery(req, { status, after: undefined, before: undefined }),
    open: isOpen(status),
  }));
}

export function decorateRows(rows: OpenCommitmentRow[], homeCountry: string) {
  return rows.map((r) => ({
    ...r,
    direction: r.partyCountry === homeCountry ? 'ours' : 'theirs',
    quiet: isOpen(r.status) && r.daysQuiet >= 30,
    sourceIsUrl: r.sourceType === 'statement',
  }));
}

export function pager(req: Request, next?: OpenCommitmentRow, previous?: OpenCommitmentRow) {
  const cursor = (row: OpenCommitmentRow) => `${row.sortKey}_${row.id}`;
  return {
    older: next ? withQuery(req, { after: cursor(next), before: undefined }) : undefined,
    newer: previous ? withQuery(req, { before: cursor(previous), after: undefined }) : undefined,
    first: req.query.after || req.query.before ? withQuery(req, { after: undefined, before: undefined }) : undefined,
  };
}

/** The filter form's choices with the selected one marked, so the template only prints them. */
export function filterSelects(filters: Filters, choices: FilterChoices) {
  const mark = (list: { value: number; label: string }[], chosen?: number) => list.map((o) => ({ ...o, selected: o.value === chosen }));
  return {
    partyId: mark(choices.ministries, filters.partyId),
    counterpartId: mark(choices.ministries, filters.counterpartId),
    officialId: mark(choices.officials, filters.officialId),
    negotiationId: mark(choices.negotiations, filters.negotiationId),
    ownerId: mark(choices.owners, filters.ownerId),
  };
}
