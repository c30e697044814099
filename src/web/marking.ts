import type { RequestHandler } from 'express';
import type { Clearance } from '../config';
import { CLASSIFICATIONS } from './clearance';

const MAX_DEPTH = 8;
const MAX_NODES = 100_000;
// Not what the page shows about records: Express's own options, the reader, the form's choices.
const SKIP = new Set(['settings', '_locals', 'cache', 'currentUser', 'classifications']);

/**
 * The highest classification of any record a page is given to show: every record, list row,
 * brief line, search hit or timeline event carries its `classification`, so the marking follows
 * what is on the page rather than what a route remembers to declare. Bounded in depth and size.
 */
export function highestClassification(locals: unknown): Clearance {
  let highest = 0;
  let nodes = 0;
  const walk = (value: unknown, depth: number): void => {
    if (highest === CLASSIFICATIONS.length - 1 || depth > MAX_DEPTH || nodes++ > MAX_NODES) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return;
    const record = value as Record<string, unknown>;
    const level = CLASSIFICATIONS.indexOf(record.classification as Clearance);
    if (level > highest) highest = level;
    for (const [key, child] of Object.entries(record))
      if (!SKIP.has(key) && child && typeof child === 'object') walk(child, depth + 1);
  };
  walk(locals, 0);
  return CLASSIFICATIONS[highest];
}

/**
 * Sets `marking` for the layout, which prints it at the top and bottom of the page, on screen
 * and in print, as classified documents are marked. Unclassified pages carry none.
 */
type Callback = (err: Error, html: string) => void;
type Render = (view: string, options?: object, callback?: Callback) => void;

export const classificationMarking: RequestHandler = (_req, res, next) => {
  const render: Render = res.render.bind(res);
  const marked: Render = (view, options, callback) => {
    if (typeof options === 'function') return render(view, { marking: marking(res.locals) }, options as Callback);
    const level = Math.max(
      CLASSIFICATIONS.indexOf(highestClassification(options ?? {})),
      CLASSIFICATIONS.indexOf(highestClassification(res.locals)),
    );
    return render(view, { ...options, marking: markingText(CLASSIFICATIONS[level]) }, callback);
  };
  res.render = marked;
  next();
};

const marking = (locals: unknown) => markingText(highestClassification(locals));
const markingText = (level: Clearance) => (level === 'unclassified' ? undefined : level.toUpperCase());
