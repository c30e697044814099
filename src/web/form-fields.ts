import { z } from 'zod';

// Building blocks for the form schemas. Every field arrives as a string (or is absent); a value
// repeated where one is expected arrives as an array and is refused with a message, never a 500.

const ONE_VALUE = 'Give a single value.';
const MAX_ID = 2_147_483_647;

/** Unwraps a form value: '' and absent become undefined; arrays stay arrays, to be refused. */
function single(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
}

const noNul = (s: string) => !s.includes('\u0000');

export function requiredText(label: string, max: number) {
  return z.preprocess(
    single,
    z
      .string({ error: (issue) => (issue.input === undefined ? `Enter ${label}.` : ONE_VALUE) })
      .max(max, `Keep ${label} under ${max} characters.`)
      .refine(noNul, 'Remove the invalid characters.'),
  );
}

export function optionalText(label: string, max: number) {
  return z.preprocess(
    single,
    z
      .string({ error: ONE_VALUE })
      .max(max, `Keep ${label} under ${max} characters.`)
      .refine(noNul, 'Remove the invalid characters.')
      .optional(),
  );
}

function realDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const date = new Date(`${s}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s && s >= '1900-01-01' && s <= '2200-12-31'
  );
}

const dateString = z.string({ error: ONE_VALUE }).refine(realDate, 'Enter a real date as YYYY-MM-DD.');

export function requiredDate(label: string) {
  return z.preprocess(
    single,
    z.string({ error: (issue) => (issue.input === undefined ? `Enter ${label}.` : ONE_VALUE) }).pipe(dateString),
  );
}

export function optionalDate() {
  return z.preprocess(single, dateString.optional());
}

const idString = z
  .string({ error: ONE_VALUE })
  .regex(/^\d{1,10}$/, 'Choose an entry from the list.')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_ID, 'Choose an entry from the list.');

export function requiredId(label: string) {
  return z.preprocess(
    single,
    z.string({ error: (issue) => (issue.input === undefined ? `Choose ${label}.` : ONE_VALUE) }).pipe(idString),
  );
}

export function optionalId() {
  return z.preprocess(single, idString.optional());
}

const isIdString = (v: unknown) =>
  typeof v === 'string' && /^\d{1,10}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_ID;

/** A repeated field (`partyIds`), deduplicated; absent means none. */
export function idList(max = 100) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === '') return [];
      const list: unknown[] = Array.isArray(value) ? value : [value];
      return list.filter((v) => v !== '');
    },
    // Checked as a whole, so a bad entry's message belongs to the field (`partyIds`), not to `partyIds[1]`.
    z
      .array(z.unknown(), { error: 'Choose entries from the list.' })
      .max(max, `Choose at most ${max}.`)
      .refine((list) => list.every(isIdString), 'Choose entries from the list.')
      .transform((list) => [...new Set(list.map(Number))]),
  );
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.preprocess(
    single,
    z.enum(values, {
      error: (issue) =>
        issue.input === undefined
          ? `Choose ${label}.`
          : Array.isArray(issue.input)
            ? ONE_VALUE
            : `Choose one of the listed ${label} values.`,
    }),
  );
}

export function optionalUrl(label = 'the address') {
  return z.preprocess(
    single,
    z
      .string({ error: ONE_VALUE })
      .max(2000, `Keep ${label} under 2000 characters.`)
      .refine((s) => {
        try {
          const url = new URL(s);
          return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(s);
        } catch {
          return false;
        }
      }, 'Enter a web address starting with http:// or https://.')
      .optional(),
  );
}

/** Other names, comma-separated ("FMS, border guards"): a list without blanks or repeats. */
export function aliasList() {
  return z
    .preprocess(
      single,
      z
        .string({ error: ONE_VALUE })
        .max(1000, 'Keep the other names under 1000 characters.')
        .refine(noNul, 'Remove the invalid characters.')
        .optional(),
    )
    .transform((s) =>
      s
        ? [
            ...new Set(
              s
                .split(',')
                .map((a) => a.trim().replace(/\s+/g, ' '))
                .filter(Boolean),
            ),
          ].slice(0, 30)
        : [],
    );
}

/** The edit form's `version`: required, a positive integer. */
export const versionField = z.preprocess(
  single,
  z
    .string({ error: 'The form is missing its version; reload the page.' })
    .regex(/^\d{1,9}$/, 'The form is missing its version; reload the page.')
    .transform(Number),
);

/** The hidden token that makes a "new" form create one record however often it is submitted. */
export const submissionField = z.preprocess(
  single,
  z
    .string({ error: 'The form is missing its token; reload the page.' })
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'The form is missing its token; reload the page.',
    ),
);
