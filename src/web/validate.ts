import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** zod issues keyed by the form's field names (`commitments[2][text]` for nested rows). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path.map(String);
    const key = (head ?? '_form') + rest.map((part) => `[${part}]`).join('');
    errors[key] ??= issue.message;
  }
  return errors;
}
