const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const date = new Date(ISO_DAY.test(value) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

const stampFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as `YYYY-MM-DD HH:mm` in `timeZone` (APP_TIME_ZONE): the one format of every
 * timestamp shown, as every date is YYYY-MM-DD, the format the forms take.
 */
export function formatTimestamp(value: Date, timeZone: string): string {
  let format = stampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    stampFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(value).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** A calendar day, as pages and forms alike write it: YYYY-MM-DD (never shifted by a time zone). */
export function formatDay(isoDay: string): string {
  return ISO_DAY.test(isoDay) ? isoDay : '';
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

/**
 * Handlebars helpers, timestamps in `timeZone` (APP_TIME_ZONE). None of them returns pre-escaped
 * HTML: everything they produce is escaped.
 */
export const viewHelpers = (timeZone: string) => ({
  eq: (a: unknown, b: unknown) => str(a) === str(b),
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.map(str).includes(str(value)),
  // A select's fixed choices written in the template, as value/label pairs: (choices "a" "label of a" "b" …).
  choices: (...args: unknown[]) => {
    const pairs = args.slice(0, -1).map(str);
    return Array.from({ length: Math.floor(pairs.length / 2) }, (_, i) => ({
      value: pairs[2 * i],
      label: pairs[2 * i + 1],
    }));
  },
  // A day stays the day it is; a timestamp given where a day is shown is that instant's day in the app's zone.
  date: (value: unknown) => {
    if (typeof value === 'string' && ISO_DAY.test(value)) return value;
    const date = toDate(value);
    return date ? formatTimestamp(date, timeZone).slice(0, 10) : '';
  },
  datetime: (value: unknown) => {
    const date = toDate(value);
    return date ? formatTimestamp(date, timeZone) : '';
  },
  isoDate: (value: unknown) => {
    if (typeof value === 'string' && ISO_DAY.test(value)) return value;
    const date = toDate(value);
    return date ? formatTimestamp(date, timeZone).slice(0, 10) : '';
  },
  humanize: (value: unknown) => (typeof value === 'string' ? value.replace(/_/g, ' ') : ''),
  json: (value: unknown) => JSON.stringify(value),
  plural: (count: unknown, singular: string, pluralForm: string) => (Number(count) === 1 ? singular : pluralForm),
  add: (a: unknown, b: unknown) => Number(a) + Number(b),
  errorSummary: (errors: unknown, prefix: unknown) => errorSummary(errors, prefix),
  /** True when any of the error objects given has a message (Handlebars treats {} as true). */
  hasErrors: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .some((e) => !!e && typeof e === 'object' && Object.values(e).some((m) => typeof m === 'string' && m)),
  concat: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => str(a ?? ''))
      .join(''),
});
