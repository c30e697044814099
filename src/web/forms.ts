import type { Request } from 'express';
import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from './validate';
import { notFound } from './errors';
import { parseId } from './records';

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
