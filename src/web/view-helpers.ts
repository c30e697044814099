const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

const dayText = new Map<string, string>();

/** A YYYY-MM-DD day as "21 Nov 2026", remembered: a page prints the same few hundred days often. */
export function formatDay(isoDay: string): string {
  let text = dayText.get(isoDay);
  if (text === undefined) {
    const date = toDate(isoDay);
    text = date ? dateFormat.format(date) : '';
    if (dayText.size >= 20_000) dayText.clear();
    dayText.set(isoDay, text);
  }
  return text;
}

/** String(value), except for an object that cannot be made a string (`{ toString: 'x' }` from a query or form). */
function str(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '';
  }
}

const ERROR_ANCHORS: Record<string, string> = { source: 'meetingId', evidence: 'meetingId' };

/**
 * A form's errors as the GOV.UK error summary lists them: each message, linked to its field's id.
 * `commitments[2][text]` is the field `c2-text` ("Commitment 3: …"); `newOfficial[fullName]` is
 * `no-fullName`; `prefix` is added to the ids of a form whose fields carry one (the follow-up form's `fu-`).
 */
export function errorSummary(errors: unknown, prefix?: unknown): { href?: string; text: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const before = typeof prefix === 'string' ? prefix : '';
  return Object.entries(errors as Record<string, unknown>)
    .filter(([, message]) => typeof message === 'string' && message)
    .map(([key, message]) => {
      const text = str(message);
      if (key === '_form') return { text };
      const row = /^commitments\[(\d+)\]\[(\w+)\]$/.exec(key);
      if (row) return { href: `#c${row[1]}-${row[2]}`, text: `Commitment ${Number(row[1]) + 1}: ${text}` };
      const added = /^newOfficial\[(\w+)\]$/.exec(key);
      if (added) return { href: `#no-${added[1]}`, text: `New official: ${text}` };
      return { href: `#${before}${ERROR_ANCHORS[key] ?? key}`, text };
    });
}

/** Handlebars helpers. None of them returns pre-escaped HTML: everything they produce is escaped. */
export const helpers = {
  eq: (a: unknown, b: unknown) => str(a) === str(b),
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.map(str).includes(str(value)),
  date: (value: unknown) => {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
    const date = toDate(value);
    return date ? dateFormat.format(date) : '';
  },
  datetime: (value: unknown) => {
    const date = toDate(value);
    return date ? `${timeFormat.format(date)} UTC` : '';
  },
  isoDate: (value: unknown) => {
    const date = toDate(value);
    return date ? date.toISOString().slice(0, 10) : '';
  },
  humanize: (value: unknown) => (typeof value === 'string' ? value.replace(/_/g, ' ') : ''),
  json: (value: unknown) => JSON.stringify(value),
  plural: (count: unknown, singular: string, pluralForm: string) => (Number(count) === 1 ? singular : pluralForm),
  add: (a: unknown, b: unknown) => Number(a) + Number(b),
  errorSummary: (errors: unknown, prefix: unknown) => errorSummary(errors, prefix),
  /** True when any of the error objects given has a message (Handlebars treats {} as true). */
  hasErrors: (...args: unknown[]) => args.slice(0, -1).some((e) => !!e && typeof e === 'object' && Object.values(e).some((m) => typeof m === 'string' && m)),
  concat: (...args: unknown[]) => args.slice(0, -1).map((a) => str(a ?? '')).join(''),
};
