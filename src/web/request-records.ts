import type { RequestHandler, RequestParamHandler } from 'express';
import type { AgreementRow } from '../agreements/agreements.queries';
import type { CommitmentRow } from '../commitments/commitments.queries';
import type { MeetingRow } from '../meetings/meetings.queries';
import type { MinistryRow } from '../ministries/ministries.service';
import type { NegotiationRow } from '../negotiations/negotiations.service';
import type { NoteRow } from '../notes/notes.queries';
import type { OfficialRow } from '../officials/officials.service';
import { notFound } from './errors';
import { parseId, scopeOf, type Scope } from './records';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /**
     * What the signed-in routes find in `res.locals`: the reader's scope (set once, after login,
     * by `exposeScope`) and, on a domain's `/:id` routes, the record its `router.param` loader found.
     */
    interface Locals {
      scope: Scope;
      agreement: AgreementRow;
      commitment: CommitmentRow;
      meeting: MeetingRow;
      ministry: MinistryRow;
      negotiation: NegotiationRow;
      note: NoteRow;
      official: OfficialRow;
    }
  }
}

type RecordKey = Exclude<keyof Express.Locals, 'scope'>;

/** The reader's scope, computed once per signed-in request (behind requireLogin). */
export const exposeScope: RequestHandler = (req, res, next) => {
  res.locals.scope = scopeOf(req.user!);
  next();
};

/**
 * A `router.param('id', …)` loader: the record the reader may see, in `res.locals[key]`, before
 * any handler of a `/:id` route runs. A malformed id is a 404 like a missing or hidden record;
 * `find` throws that 404 itself, so a handler reloading after a stale edit gets the same answer.
 */
export function recordParam<K extends RecordKey>(
  key: K,
  find: (id: number, scope: Scope) => Promise<Express.Locals[K]>,
): RequestParamHandler {
  return async (_req, res, next, raw: unknown) => {
    const id = parseId(raw);
    if (!id) throw notFound('record');
    res.locals[key] = await find(id, res.locals.scope);
    next();
  };
}
