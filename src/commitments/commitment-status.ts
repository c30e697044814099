// The commitment lifecycle in one place: which statuses count as open, which changes a
// follow-up may make, and the date rules (overdue, quiet) and direction derived from them.

export const OPEN_STATUSES = ['open', 'in_progress', 'stalled'] as const;
export const CLOSED_STATUSES = ['fulfilled', 'partially_fulfilled', 'broken', 'withdrawn', 'superseded'] as const;
export const STATUSES = [...OPEN_STATUSES, ...CLOSED_STATUSES] as const;
export type CommitmentStatus = (typeof STATUSES)[number];

export const STRENGTHS = ['pledge', 'will_consider', 'intent'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** Days without a follow-up after which an open commitment counts as quiet. */
export const QUIET_AFTER_DAYS = 30;

const REOPEN_TO: readonly CommitmentStatus[] = ['open', 'in_progress'];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * The statuses a follow-up may record after `from`. Keeping the same status is a progress
 * note. An open commitment may move anywhere; a closed one may only be reopened, so that
 * e.g. "fulfilled" never silently becomes "broken" without the record showing it was reopened.
 */
export function allowedTransitions(from: CommitmentStatus): CommitmentStatus[] {
  if (isOpen(from)) return [...STATUSES];
  return [from, ...REOPEN_TO];
}

export function canTransition(from: string, to: string): boolean {
  if (!(STATUSES as readonly string[]).includes(from)) return false;
  return allowedTransitions(from as CommitmentStatus).includes(to as CommitmentStatus);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today (or `now`'s day) as YYYY-MM-DD in the app's time zone (APP_TIME_ZONE), not the server's. */
export function today(timeZone: string, now = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats a date as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** Today in the app's time zone by the app's clock (`config.clock`, which tests may set). */
export function appToday(config: { appTimeZone: string; clock: () => Date }): string {
  return today(config.appTimeZone, config.clock());
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface DatedCommitment {
  status: string;
  madeOn: string;
  dueOn?: string | null;
  lastFollowUpOn?: string | null;
}

/** Open and due before today (dates are YYYY-MM-DD, so they compare as strings). */
export function isOverdue(c: DatedCommitment, todayIso: string): boolean {
  return isOpen(c.status) && !!c.dueOn && c.dueOn < todayIso;
}

/** Open and nothing recorded on it (no follow-up, or since it was made) for QUIET_AFTER_DAYS. */
export function isQuiet(c: DatedCommitment, todayIso: string): boolean {
  if (!isOpen(c.status)) return false;
  return daysBetween(c.lastFollowUpOn ?? c.madeOn, todayIso) >= QUIET_AFTER_DAYS;
}

// The same rules as SQL conditions on a commitments row aliased `alias`, built from the constants
// above so that a query and isOpen/isOverdue/isQuiet cannot disagree (commitment-rules.test.ts
// evaluates both on the same cases). `todayExpr` is a SQL date expression such as `$2::date`.
// The text matches the predicates of the partial indexes (see the OpenCommitmentsPaging migration).

/** The day a commitment was last acted on: its last follow-up, else the day it was made. */
export const lastActivitySql = (alias: string) => `coalesce(${alias}.last_follow_up_on, ${alias}.made_on)`;

export const openSql = (alias: string) => `${alias}.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export const overdueSql = (alias: string, todayExpr: string) => `${alias}.due_on < ${todayExpr} AND ${openSql(alias)}`;

export const quietSql = (alias: string, todayExpr: string) =>
  `${openSql(alias)} AND ${lastActivitySql(alias)} <= ${todayExpr} - ${QUIET_AFTER_DAYS}`;

/** Ours when the party bound by it is of the home country, theirs otherwise. */
export function direction(partyCountryCode: string, homeCountry = 'NO'): 'ours' | 'theirs' {
  return partyCountryCode.trim().toUpperCase() === homeCountry.trim().toUpperCase() ? 'ours' : 'theirs';
}
