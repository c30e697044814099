import { Router, type Response } from 'express';
import type { AppContext } from '../app-context';
import { history } from '../audit/audit.service';
import { conflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { pageParam, queryString, saveForm, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, type Scope } from '../web/records';
import { submissionField, versionField } from '../web/form-fields';
import { MINISTRY_KINDS } from './ministry.entity';
import { MINISTRY_LABELS, ministrySchema } from './ministry.schema';
import * as ministries from './ministries.service';

export function ministriesRoutes({ db, config }: AppContext): Router {
  const router = Router();
  const kinds = MINISTRY_KINDS.map((k) => ({ value: k, label: k }));

  // Every /:id route finds its ministry in res.locals.ministry: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const ministry = await ministries.findMinistry(db, id, scope);
    if (!ministry) throw notFound('ministry');
    return ministry;
  };
  router.param('id', recordParam('ministry', find));

  async function renderForm(res: Response, status: number, view: 'new' | 'edit', locals: Record<string, unknown>) {
    const parents = await ministries.ministryOptions(db);
    res.status(status).render(`ministries/${view}`, {
      title: view === 'new' ? 'New ministry' : 'Edit ministry',
      kinds,
      parents,
      errors: {},
      ...locals,
    });
  }

  router.get('/', async (req, res) => {
    const page = pageParam(req);
    const filters = {
      countryCode: queryString(req, 'countryCode', 2)?.toUpperCase(),
      kind: queryString(req, 'kind', 20),
      q: queryString(req, 'q'),
      page,
      deleted: req.query.deleted === '1' && req.user!.role === 'admin',
    };
    const { rows, hasMore } = await ministries.listMinistries(db, filters);
    res.render('ministries/index', {
      title: 'Ministries',
      rows,
      filters,
      kinds,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  router.get('/new', async (_req, res) => {
    await renderForm(res, 200, 'new', { values: { kind: 'ministry' }, submission: newSubmissionToken() });
  });

  router.post('/', async (req, res) => {
    const values = typedValues(req.body);
    await saveForm(req, res, {
      schema: ministrySchema.extend({ _submission: submissionField }),
      invalid: (errors) =>
        renderForm(res, 422, 'new', { values, errors, submission: values._submission ?? newSubmissionToken() }),
      save: async (data) => {
        const id = await ministries.createMinistry(db, res.locals.scope, data, data._submission);
        flash(req, 'success', 'Ministry saved.');
        return `/ministries/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    const { ministry } = res.locals;
    const [relations, events] = await Promise.all([
      ministries.ministryRelations(db, ministry.id, res.locals.scope),
      history(db, res.locals.scope, config.appTimeZone, 'ministry', ministry.id),
    ]);
    res.render('ministries/show', { title: ministry.name, ministry, ...relations, history: events });
  });

  router.get('/:id/edit', async (req, res) => {
    const { ministry } = res.locals;
    if (ministry.deletedAt) throw notFound('ministry');
    await renderForm(res, 200, 'edit', { ministry, values: ministry });
  });

  router.post('/:id', async (req, res) => {
    const { ministry, scope } = res.locals;
    const values = typedValues(req.body);
    await saveForm(req, res, {
      schema: ministrySchema.extend({ version: versionField }),
      invalid: (errors) => renderForm(res, 422, 'edit', { ministry, values, errors }),
      save: async (data) => {
        await ministries.updateMinistry(db, scope, ministry.id, data.version, data);
        flash(req, 'success', 'Ministry saved.');
        return `/ministries/${ministry.id}`;
      },
      stale: async () => {
        const current = await find(ministry.id, scope);
        const conflict = conflictRows(MINISTRY_LABELS, values, current);
        return renderForm(res, 409, 'edit', {
          ministry: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { ministry } = res.locals;
    await ministries.setMinistryDeleted(db, res.locals.scope, ministry.id, true);
    flash(req, 'info', `${ministry.name} was deleted. An administrator can restore it.`);
    res.redirect(303, '/ministries');
  });

  router.post('/:id/restore', async (req, res) => {
    const { ministry } = res.locals;
    await ministries.setMinistryDeleted(db, res.locals.scope, ministry.id, false);
    flash(req, 'success', `${ministry.name} was restored.`);
    res.redirect(303, `/ministries/${ministry.id}`);
  });

  return router;
}
