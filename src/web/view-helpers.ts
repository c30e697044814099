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
  concat: (...args: unknown[]) => args.slice(0, -1).map((a) => str(a ?? '')).join(''),
};
