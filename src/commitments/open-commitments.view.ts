import type { Request } from 'express';
import Handlebars from 'handlebars';
import { withQuery } from '../web/forms';
import { formatDay } from '../web/view-helpers';
import { STATUSES, OPEN_STATUSES, QUIET_AFTER_DAYS, isOpen } from './commitment-status';
import { COUNT_CAP, type FilterChoices, type Filters, type OpenCommitmentRow } from './open-commitments';

const label = (list: { value: number; label: string }[], id?: number) =>
  list.find((o) => o.value === id)?.label ?? `#${id}`;

/** The filters in force, each with the URL that removes it, for the chips above the table. */
export function activeFilters(req: Request, filters: Filters, choices: FilterChoices) {
  const chips: { label: string; remove: string }[] = [];
  const defaultStatus =
    filters.status.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => filters.status.includes(s));
  if (!defaultStatus)
    chips.push({
      label: `Status: ${filters.status.map((s) => s.replace(/_/g, ' ')).join(', ')}`,
      remove: withQuery(req, { status: undefined, after: undefined, before: undefined }),
    });
  const add = (name: keyof Filters, text: string | undefined) => {
    if (text !== undefined)
      chips.push({ label: text, remove: withQuery(req, { [name]: undefined, after: undefined, before: undefined }) });
  };
  add('partyId', filters.partyId ? `Party: ${label(choices.ministries, filters.partyId)}` : undefined);
  add(
    'counterpartId',
    filters.counterpartId ? `Counterpart: ${label(choices.ministries, filters.counterpartId)}` : undefined,
  );
  add('officialId', filters.officialId ? `Made by: ${choices.officialName ?? `#${filters.officialId}`}` : undefined);
  add('official', filters.official ? `Made by: ${filters.official}` : undefined);
  add(
    'negotiationId',
    filters.negotiationId ? `Negotiation: ${label(choices.negotiations, filters.negotiationId)}` : undefined,
  );
  add('ownerId', filters.ownerId ? `Owner: ${label(choices.owners, filters.ownerId)}` : undefined);
  add('direction', filters.direction ? `Direction: ${filters.direction}` : undefined);
  add('overdue', filters.overdue ? 'Overdue only' : undefined);
  add('dueWithin', filters.dueWithin !== undefined ? `Due within ${filters.dueWithin} days` : undefined);
  add(
    'chase',
    filters.chase
      ? `To chase: ${filters.chase === 'today' ? 'today' : filters.chase === 'overdue' ? 'before today' : 'today or before'}`
      : undefined,
  );
  add('q', filters.q ? `Words: ${filters.q}` : undefined);
  add(
    'sort',
    filters.sort !== 'due'
      ? `Sorted by ${filters.sort === 'made' ? 'date made' : filters.sort === 'chase' ? 'next chase' : 'longest quiet'}`
      : undefined,
  );
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

const humanize = (value: string) => value.replace(/_/g, ' ');

/**
 * Each row with its display text worked out here, so the row template only prints fields and
 * needs few blocks: every {{#if}} a row runs allocates half a kilobyte of helper options, and at
 * fifty rows a page that garbage, not the printing, was what the page cost. The fields are listed
 * rather than spread from the row: a spread of a wide row costs microseconds per row where a
 * literal of a fixed shape costs nanoseconds.
 */
export function decorateRows(rows: OpenCommitmentRow[], homeCountry: string) {
  return rows.map((r) => {
    const ours = r.partyCountry === homeCountry;
    const statement = r.sourceType === 'statement';
    return {
      id: r.id,
      text: r.text,
      status: r.status,
      statusLabel: humanize(r.status),
      strengthLabel: humanize(r.strength),
      madeById: r.madeById,
      madeByName: r.madeByName,
      madeByTitle: r.madeByTitle ? `, ${r.madeByTitle}` : '',
      partyId: r.partyId,
      partyName: r.partyName,
      counterpartId: r.counterpartId,
      counterpartName: r.counterpartName,
      direction: ours ? 'ours' : 'theirs',
      directionClass: ours ? 'text-bg-info' : 'text-bg-light border',
      sourceHref: r.sourceHref,
      // An outside statement is linked without passing on who followed the link.
      sourceRel: statement ? 'noopener noreferrer' : undefined,
      sourceText: statement ? 'statement' : `${humanize(r.sourceType)}: ${r.sourceLabel}`,
      madeOnText: formatDay(r.madeOn),
      dueOnText: r.dueOn ? formatDay(r.dueOn) : '—',
      overdueText: r.daysOverdue ? `${r.daysOverdue} ${r.daysOverdue === 1 ? 'day' : 'days'} overdue` : undefined,
      lastFollowUpText: r.lastFollowUpOn ? formatDay(r.lastFollowUpOn) : 'none',
      chaseText: r.nextChaseOn && isOpen(r.status) ? `chase ${formatDay(r.nextChaseOn)}` : undefined,
      quietText: isOpen(r.status) && r.daysQuiet >= QUIET_AFTER_DAYS ? `quiet ${r.daysQuiet} days` : undefined,
      ownerName: r.ownerName,
      classification: r.classification,
    };
  });
}

export function pager(req: Request, next?: OpenCommitmentRow, previous?: OpenCommitmentRow) {
  const cursor = (row: OpenCommitmentRow) => `${row.sortKey}_${row.id}`;
  return {
    older: next ? withQuery(req, { after: cursor(next), before: undefined }) : undefined,
    newer: previous ? withQuery(req, { before: cursor(previous), after: undefined }) : undefined,
    first: req.query.after || req.query.before ? withQuery(req, { after: undefined, before: undefined }) : undefined,
  };
}

export type ChoicesHtml = Record<'ministries' | 'negotiations' | 'owners', string>;

/**
 * The filter form's option lists as escaped HTML, made once per cached set of choices rather than
 * an option at a time on every request. Officials are chosen by name in a text field instead: a
 * list of every official made the page twice as heavy.
 */
export function choicesHtml(choices: FilterChoices): ChoicesHtml {
  const html = (list: { value: number; label: string }[]) =>
    list
      .map(
        (o) =>
          `<option value="${Handlebars.escapeExpression(String(o.value))}">${Handlebars.escapeExpression(o.label)}</option>`,
      )
      .join('');
  return {
    ministries: html(choices.ministries),
    negotiations: html(choices.negotiations),
    owners: html(choices.owners),
  };
}

/**
 * The option lists with the chosen value marked: one string replace each. SafeString is sound
 * here: the lists were escaped by choicesHtml, and the chosen values are ids parsed as integers.
 */
export function filterSelects(filters: Filters, html: ChoicesHtml) {
  const mark = (options: string, chosen?: number) =>
    new Handlebars.SafeString(
      chosen ? options.replace(`<option value="${chosen}">`, `<option value="${chosen}" selected>`) : options,
    );
  return {
    partyId: mark(html.ministries, filters.partyId),
    counterpartId: mark(html.ministries, filters.counterpartId),
    negotiationId: mark(html.negotiations, filters.negotiationId),
    ownerId: mark(html.owners, filters.ownerId),
  };
}
