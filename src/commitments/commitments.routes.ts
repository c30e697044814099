import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { namedConflictRows } from '../web/conflict';
import { HttpError, notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { parseForm, saveParsed, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, type Scope } from '../web/records';
import { submissionField, versionField } from '../web/form-fields';
import { TtlCache } from '../web/ttl-cache';
import { renderCommitmentForm, renderCommitmentPage } from './commitments.pages';
import { findCommitment, sourceDefaults } from './commitments.queries';
import {
  COUNT_CAP,
  matchesFew,
  openCommitmentCounts,
  openCommitmentsPage,
  parseCursor,
  parseFilters,
  type Filters,
} from './open-commitments';
import { activeFilters, choicesHtml, decorateRows, filterSelects, pager, statusCounts } from './open-commitments.view';
import { ExportBusyError, ExportSlots, streamCommitmentsCsv } from './commitments.csv';
import { statusOptions } from './options';
import {
  COMMITMENT_LABELS,
  commitmentSchema,
  evidenceErrors,
  followUpSchema,
  sourceError,
  toCommitmentInput,
} from './commitment.schema';
import { appToday } from './commitment-status';
import { createCommitment, setCommitmentDeleted, updateCommitment } from './commitments.service';
import { InvalidInputError } from '../db/record-writes';
import { recordFollowUp } from './follow-ups.service';
import { isPickerSearch } from '../pickers/pickers.service';

const newForm = z.object({ _submission: submissionField });
const editForm = z.object({ version: versionField });

/** Parses the commitment form plus its hidden field; the source rule is checked on the raw body so its message joins the others. */
function parseCommitment<H extends z.ZodType>(hidden: H, body: unknown) {
  const parsed = parseForm(commitmentSchema, body);
  const extra = parseForm(hidden, body);
  const source = sourceError((body ?? {}) as Record<string, unknown>);
  if (parsed.ok && extra.ok && !source)
    return { ok: true as const, input: toCommitmentInput(parsed.data), hidden: extra.data };
  return {
    ok: false as const,
    errors: { ...(parsed.ok ? {} : parsed.errors), ...(extra.ok ? {} : extra.errors), ...(source ? { source } : {}) },
  };
}

export function commitmentsRoutes({ db, config }: AppContext): Router {
  const router = Router();

  // Every /:id route finds its commitment in res.locals.commitment: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const commitment = await findCommitment(db, id, scope);
    if (!commitment) throw notFound('commitment');
    return commitment;
  };
  router.param('id', recordParam('commitment', find));

  // Counts and filter choices may lag by COUNTS_CACHE_SECONDS; the rows never do.
  const countsAndChoices = async (scope: Scope, filters: Filters) => {
    const { counts, choices } = await openCommitmentCounts(db, scope, config.homeCountry, filters);
    return { counts, choices, html: choicesHtml(choices) };
  };
  const countsCache = new TtlCache<Awaited<ReturnType<typeof countsAndChoices>>>(config.countsCacheSeconds * 1000);

  router.get('/', async (req, res) => {
    const scope = res.locals.scope;
    const filters = parseFilters(req, appToday(config));
    const cursor = parseCursor(req);
    const countsKey = JSON.stringify([scope.levels, { ...filters, sort: undefined }]);
    const counted = countsCache.get(countsKey, () => countsAndChoices(scope, filters));
    // Words or a name may match a handful of rows: the (usually cached) counts tell, first.
    const sortMatches = filters.q || filters.official ? matchesFew(filters, (await counted).counts) : false;
    const [page, { counts, choices, html }] = await Promise.all([
      openCommitmentsPage(db, scope, config.homeCountry, filters, cursor, sortMatches),
      counted,
    ]);
    res.render('commitments/index', {
      title: 'Open commitments',
      rows: decorateRows(page.rows, config.homeCountry),
      filters,
      selects: filterSelects(filters, html),
      madeBy: filters.official ?? choices.officialName ?? '',
      counts,
      countCap: COUNT_CAP,
      statusCounts: statusCounts(req, counts),
      chips: activeFilters(req, filters, choices),
      statuses: statusOptions(),
      pager: pager(req, page.next, page.previous),
      csv: withQuery(req, { after: undefined, before: undefined }).replace(/^\/commitments/, '/commitments.csv'),
    });
  });

  router.get('/new', async (req, res) => {
    const defaults = await sourceDefaults(db, res.locals.scope, req.query);
    const values = {
      strength: 'pledge',
      madeOn: appToday(config),
      ownerId: req.user!.id,
      classification: 'unclassified',
      ...defaults,
    };
    await renderCommitmentForm(db, req, res, 200, 'new', { values, submission: newSubmissionToken() });
  });

  router.post('/', async (req, res) => {
    const values = typedValues(req.body);
    const submission = typeof values._submission === 'string' ? values._submission : newSubmissionToken();
    if (isPickerSearch(req.body)) return renderCommitmentForm(db, req, res, 200, 'new', { values, submission });
    const parsed = parseCommitment(newForm, req.body);
    if (!parsed.ok)
      return renderCommitmentForm(db, req, res, 422, 'new', { values, errors: parsed.errors, submission });
    await saveParsed(res, parsed, {
      invalid: (errors) => renderCommitmentForm(db, req, res, 422, 'new', { values, errors, submission }),
      save: async ({ input, hidden }) => {
        const id = await createCommitment(db, res.locals.scope, input, hidden._submission, req.user!.role !== 'staff');
        flash(req, 'success', 'Commitment saved.');
        return `/commitments/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    await renderCommitmentPage(db, config, req, res, res.locals.commitment);
  });

  router.get('/:id/edit', async (req, res) => {
    const { commitment } = res.locals;
    if (commitment.deletedAt) throw notFound('commitment');
    await renderCommitmentForm(db, req, res, 200, 'edit', { commitment, values: { ...commitment } });
  });

  router.post('/:id', async (req, res) => {
    const { commitment } = res.locals;
    if (commitment.deletedAt) throw notFound('commitment');
    const values = typedValues(req.body);
    if (isPickerSearch(req.body)) return renderCommitmentForm(db, req, res, 200, 'edit', { commitment, values });
    const parsed = parseCommitment(editForm, req.body);
    if (!parsed.ok)
      return renderCommitmentForm(db, req, res, 422, 'edit', { commitment, values, errors: parsed.errors });
    const scope = res.locals.scope;
    await saveParsed(res, parsed, {
      invalid: (errors) => renderCommitmentForm(db, req, res, 422, 'edit', { commitment, values, errors }),
      save: async ({ input, hidden }) => {
        await updateCommitment(db, scope, commitment.id, hidden.version, input, req.user!.role !== 'staff');
        flash(req, 'success', 'Commitment saved.');
        return `/commitments/${commitment.id}`;
      },
      stale: async () => {
        const current = await find(commitment.id, scope);
        const refs = {
          madeById: 'official',
          partyId: 'ministry',
          counterpartId: 'ministry',
          meetingId: 'meeting',
          noteId: 'note',
          agreementId: 'agreement',
          ownerId: 'user',
          negotiationId: 'negotiation',
        } as const;
        const conflict = await namedConflictRows(db, scope, COMMITMENT_LABELS, refs, values, current);
        return renderCommitmentForm(db, req, res, 409, 'edit', {
          commitment: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { commitment } = res.locals;
    await setCommitmentDeleted(db, res.locals.scope, commitment.id, true);
    flash(req, 'info', 'The commitment was deleted. An administrator can restore it.');
    res.redirect(303, '/commitments');
  });

  router.post('/:id/restore', async (req, res) => {
    const { commitment } = res.locals;
    await setCommitmentDeleted(db, res.locals.scope, commitment.id, false);
    flash(req, 'success', 'The commitment was restored.');
    res.redirect(303, `/commitments/${commitment.id}`);
  });

  router.post('/:id/follow-ups', async (req, res) => {
    const { commitment } = res.locals;
    if (commitment.deletedAt) throw notFound('commitment');
    const values = typedValues(req.body);
    const submission = typeof values._submission === 'string' ? values._submission : newSubmissionToken();
    if (isPickerSearch(req.body))
      return renderCommitmentPage(db, config, req, res, commitment, 200, { values, errors: {}, submission });
    const parsed = parseForm(followUpSchema, req.body);
    const evidence = evidenceErrors((req.body ?? {}) as Record<string, unknown>);
    if (!parsed.ok || Object.keys(evidence).length) {
      return renderCommitmentPage(db, config, req, res, commitment, 422, {
        values,
        errors: { ...(parsed.ok ? {} : parsed.errors), ...evidence },
        submission,
      });
    }
    try {
      await recordFollowUp(db, res.locals.scope, commitment.id, parsed.data, appToday(config));
      flash(req, 'success', 'Follow-up recorded.');
      res.redirect(303, `/commitments/${commitment.id}#follow-ups`);
    } catch (err) {
      if (err instanceof InvalidInputError)
        return renderCommitmentPage(db, config, req, res, commitment, 422, { values, errors: err.errors, submission });
      throw err;
    }
  });

  return router;
}

/** The CSV export, at /commitments.csv (a path of its own, beside the /commitments prefix). */
export function commitmentsCsvRoutes({ db, config }: AppContext): Router {
  const router = Router();
  const exports = new ExportSlots({
    perUser: config.exportsPerUser,
    total: config.exportsPerUser * 4,
    stallMs: config.exportStallMs,
  });
  router.get('/', async (req, res) => {
    const url = (db.options as { url?: string }).url!;
    const filters = parseFilters(req, appToday(config));
    let release: () => void;
    try {
      release = exports.acquire(req.user!.id);
    } catch (err) {
      if (!(err instanceof ExportBusyError)) throw err;
      res.set('Retry-After', String(err.retryAfterSeconds));
      throw new HttpError(429, err.message);
    }
    try {
      await streamCommitmentsCsv(url, res.locals.scope, config.homeCountry, filters, res, config.exportStallMs);
    } catch (err) {
      // The client went away or stopped reading: the response is already gone, there is no one to answer.
      if (res.destroyed || (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      throw err;
    } finally {
      release();
    }
  });

  return router;
}
