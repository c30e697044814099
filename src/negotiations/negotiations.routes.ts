import { Router, type Response } from 'express';
import type { AppContext } from '../app-context';
import { history } from '../audit/audit.service';
import { ministryOptions } from '../ministries/ministries.service';
import { conflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { submissionField, versionField } from '../web/form-fields';
import { pageParam, queryString, saveForm, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, type Scope } from '../web/records';
import { NEGOTIATION_STATUSES } from './negotiation.entity';
import { NEGOTIATION_LABELS, negotiationSchema } from './negotiation.schema';
import * as negotiations from './negotiations.service';
import { negotiationTimeline, timelineChart } from './negotiation-timeline';
import * as changes from './negotiation-changes.service';

export function negotiationsRoutes({ db, config }: AppContext): Router {
  const router = Router();
  const statuses = NEGOTIATION_STATUSES.map((s) => ({ value: s, label: s }));

  // Every /:id route finds its negotiation in res.locals.negotiation: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const negotiation = await negotiations.findNegotiation(db, id, scope);
    if (!negotiation) throw notFound('negotiation');
    return negotiation;
  };
  router.param('id', recordParam('negotiation', find));

  async function renderForm(res: Response, status: number, view: 'new' | 'edit', locals: Record<string, unknown>) {
    const parties = await ministryOptions(db);
    res.status(status).render(`negotiations/${view}`, {
      title: view === 'new' ? 'New negotiation' : 'Edit negotiation',
      statuses,
      parties,
      errors: {},
      ...locals,
    });
  }

  /** The typed values; one chosen party arrives as a string and must still show as selected. */
  function formValues(body: unknown): Record<string, unknown> {
    const values = typedValues(body);
    return { ...values, partyIds: ([] as unknown[]).concat(values.partyIds ?? []) };
  }

  /** Party ids as sorted names, so a conflict shows "UD, МИД России" rather than ids in form order. */
  async function withPartyNames(record: Record<string, unknown>) {
    const labels = new Map((await ministryOptions(db)).map((o) => [String(o.value), o.label]));
    const ids = ([] as unknown[]).concat(record.partyIds ?? []).map(String);
    return { ...record, partyIds: ids.map((id) => labels.get(id) ?? id).sort() };
  }

  router.get('/', async (req, res) => {
    const page = pageParam(req);
    const status = queryString(req, 'status', 20);
    const filters = {
      status: NEGOTIATION_STATUSES.find((s) => s === status),
      partyId: parseId(queryString(req, 'partyId', 10)),
      page,
      deleted: req.query.deleted === '1' && req.user!.role === 'admin',
    };
    const [{ rows, hasMore }, parties] = await Promise.all([
      negotiations.listNegotiations(db, filters),
      ministryOptions(db),
    ]);
    res.render('negotiations/index', {
      title: 'Negotiations',
      rows,
      filters,
      statuses,
      parties,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  router.get('/new', async (_req, res) => {
    await renderForm(res, 200, 'new', { values: { status: 'active' }, submission: newSubmissionToken() });
  });

  router.post('/', async (req, res) => {
    const values = formValues(req.body);
    await saveForm(req, res, {
      schema: negotiationSchema.extend({ _submission: submissionField }),
      invalid: (errors) =>
        renderForm(res, 422, 'new', { values, errors, submission: values._submission ?? newSubmissionToken() }),
      save: async (data) => {
        const id = await changes.createNegotiation(db, res.locals.scope, data, data._submission);
        flash(req, 'success', 'Negotiation saved.');
        return `/negotiations/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    const { negotiation } = res.locals;
    const scope = res.locals.scope;
    const [records, timeline, events] = await Promise.all([
      negotiations.negotiationRecords(db, scope, negotiation.id),
      negotiationTimeline(db, scope, negotiation.id),
      history(db, res.locals.scope, config.appTimeZone, 'negotiation', negotiation.id),
    ]);
    res.render('negotiations/show', {
      title: negotiation.title,
      negotiation,
      ...records,
      timeline,
      chart: timelineChart(timeline),
      history: events,
    });
  });

  router.get('/:id/edit', async (req, res) => {
    const { negotiation } = res.locals;
    if (negotiation.deletedAt) throw notFound('negotiation');
    await renderForm(res, 200, 'edit', { negotiation, values: negotiation });
  });

  router.post('/:id', async (req, res) => {
    const { negotiation, scope } = res.locals;
    const values = formValues(req.body);
    await saveForm(req, res, {
      schema: negotiationSchema.extend({ version: versionField }),
      invalid: (errors) => renderForm(res, 422, 'edit', { negotiation, values, errors }),
      save: async (data) => {
        await changes.updateNegotiation(db, scope, negotiation.id, data.version, data);
        flash(req, 'success', 'Negotiation saved.');
        return `/negotiations/${negotiation.id}`;
      },
      stale: async () => {
        const current = await find(negotiation.id, scope);
        if (current.deletedAt) throw notFound('negotiation');
        const conflict = conflictRows(
          NEGOTIATION_LABELS,
          await withPartyNames(values),
          await withPartyNames({ ...current }),
        );
        return renderForm(res, 409, 'edit', {
          negotiation: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { negotiation } = res.locals;
    await changes.setNegotiationDeleted(db, res.locals.scope, negotiation.id, true);
    flash(req, 'info', `${negotiation.title} was deleted. An administrator can restore it.`);
    res.redirect(303, '/negotiations');
  });

  router.post('/:id/restore', async (req, res) => {
    const { negotiation } = res.locals;
    await changes.setNegotiationDeleted(db, res.locals.scope, negotiation.id, false);
    flash(req, 'success', `${negotiation.title} was restored.`);
    res.redirect(303, `/negotiations/${negotiation.id}`);
  });

  return router;
}
