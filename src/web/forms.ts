import type { Request, Response } from 'express';
import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from './validate';
import { notFound } from './errors';
import { InvalidInputError } from '../db/record-writes';
import { parseId, StaleEditError } from './records';

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Runs a form schema over the posted body: the data, or errors keyed by field name. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/**
 * The posted values as typed, to re-show in a form (only string fields and string lists). A
 * nested object (`title[toString]=x`) is dropped: rendering one can throw, and no form has one
 * (the meeting form reads its commitment rows through postedRows).
 */
export function typedValues(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v) => typeof v === 'string');
  }
  return out;
}

/** The `:id` of the URL as a record id; a malformed id is a 404 like a missing one. */
export function idParam(req: Request, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (!id) throw notFound('record');
  return id;
}

/** Current page number from `?page=`, defaulting to 1 and bounded. */
export function pageParam(req: Request): number {
  const raw = req.query.page;
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw)) return 1;
  return Math.max(1, Number(raw));
}

/** A single string query parameter; arrays and objects are ignored. */
export function queryString(req: Request, name: string, max = 200): string | undefined {
  const raw = req.query[name];
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  return value && value.length <= max && !value.includes('\u0000') ? value : undefined;
}

/** Builds a URL for the same page with some query parameters replaced. */
export function withQuery(req: Request, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key in changes) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') params.append(key, v);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  // The whole path as requested: inside a router mounted on /meetings, req.path is only the part after it.
  const path = req.originalUrl.split('?', 1)[0];
  return query ? `${path}?${query}` : path;
}

export interface SaveSteps<T> {
  /** The form again, with the messages by field: 422. */
  invalid: (errors: FieldErrors) => Promise<void>;
  /** Saves, flashes what happened, and answers where to go next (303). */
  save: (data: T) => Promise<string>;
  /** The edit form again against the record as it is now (409), for an edit based on an old version. */
  stale?: () => Promise<void>;
}

/**
 * The one way a posted form is saved: parse it, save it and redirect (303); input that does not
 * parse, or that the service refuses (InvalidInputError: a hidden or missing reference, a level
 * above the user's clearance), gets the form again with 422 and every message; an edit someone
 * else saved first (StaleEditError) gets `stale`'s 409 page. Nothing is saved in either case.
 */
export async function saveForm<S extends z.ZodType>(
  req: Request,
  res: Response,
  form: SaveSteps<z.infer<S>> & { schema: S },
): Promise<void> {
  const parsed = parseForm(form.schema, req.body);
  if (!parsed.ok) return form.invalid(parsed.errors);
  return saveParsed(res, parsed.data, form);
}

/** saveForm's second half, for a form parsed in several parts (the meeting form and its rows, the commitment form). */
export async function saveParsed<T>(res: Response, data: T, steps: SaveSteps<T>): Promise<void> {
  let next: string;
  try {
    next = await steps.save(data);
  } catch (err) {
    if (err instanceof InvalidInputError) return steps.invalid(err.errors);
    if (err instanceof StaleEditError && steps.stale) return steps.stale();
    throw err;
  }
  res.redirect(303, next);
}
