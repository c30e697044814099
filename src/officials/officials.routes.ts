import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import { history } from '../audit/audit.service';
import { InvalidInputError } from '../db/record-writes';
import { ministryOptions } from '../ministries/ministries.service';
import { selectRow } from '../db/rows';
import { conflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { submissionField, versionField } from '../web/form-fields';
import { pageParam, parseForm, queryString, saveForm, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, type Scope } from '../web/records';
import { newOfficialSchema, OFFICIAL_LABELS, officialNamesSchema, positionSchema } from './official.schema';
import * as officials from './officials.service';
import * as changes from './official-changes.service';

export function officialsRoutes({ db, config }: AppContext): Router {
  const router = Router();

  // Every /:id route finds its official in res.locals.official: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const official = await officials.findOfficial(db, id, scope);
    if (!official) throw notFound('official');
    return official;
  };
  router.param('id', recordParam('official', find));

  async function renderForm(res: Response, status: number, view: 'new' | 'edit', locals: Record<string, unknown>) {
    const ministries = await ministryOptions(db);
    res.status(status).render(`officials/${view}`, {
      title: view === 'new' ? 'New official' : 'Edit official',
      ministries,
      errors: {},
      ...locals,
    });
  }

  /** The show page; `position` carries the new-position form's values and errors when it was refused. */
  async function renderShow(req: Request, res: Response, status: number, position: Record<string, unknown> = {}) {
    const { official } = res.locals;
    const [positions, records, ministries, events] = await Promise.all([
      officials.officialPositions(db, official.id),
      officials.officialRecords(db, res.locals.scope, official.id),
      ministryOptions(db),
      history(db, res.locals.scope, config.appTimeZone, 'official', official.id),
    ]);
    res.status(status).render('officials/show', {
      title: official.fullName,
      official,
      positions,
      ...records,
      ministries,
      position: { values: {}, errors: {}, submission: newSubmissionToken(), ...position },
      history: events,
    });
  }

  router.get('/', async (req, res) => {
    const page = pageParam(req);
    const filters = {
      q: queryString(req, 'q'),
      ministryId: parseId(queryString(req, 'ministryId', 10)),
      countryCode: queryString(req, 'countryCode', 2)?.toUpperCase(),
      page,
      deleted: req.query.deleted === '1' && req.user!.role === 'admin',
    };
    const [{ rows, hasMore }, ministries] = await Promise.all([
      officials.listOfficials(db, filters),
      ministryOptions(db),
    ]);
    res.render('officials/index', {
      title: 'Officials',
      rows,
      filters,
      ministries,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  router.get('/new', async (_req, res) => {
    await renderForm(res, 200, 'new', { values: {}, submission: newSubmissionToken() });
  });

  router.post('/', async (req, res) => {
    const values = typedValues(req.body);
    // The meeting form's "Add an official" dialog asks for JSON: the new official's id and label, or the errors.
    const json = req.accepts(['html', 'json']) === 'json';
    const parsed = parseForm(newOfficialSchema.extend({ _submission: submissionField }), req.body);
    if (!parsed.ok) {
      if (json) return res.status(422).json({ errors: parsed.errors });
      return renderForm(res, 422, 'new', {
        values,
        errors: parsed.errors,
        submission: values._submission ?? newSubmissionToken(),
      });
    }
    try {
      const id = await changes.createOfficial(db, res.locals.scope, parsed.data, parsed.data._submission);
      if (json) {
        const official = await selectRow<{ id: number; label: string }>(
          db,
          `SELECT $1::int AS id, $2::text || ' — ' || $3::text || coalesce(' (' || m.country_code || ')', '') AS label FROM ministries m WHERE m.id = $4`,
          [id, parsed.data.fullName, parsed.data.title, parsed.data.ministryId],
        );
        return res.status(201).json({ ...official, submission: newSubmissionToken() });
      }
      flash(req, 'success', 'Official saved.');
      res.redirect(303, `/officials/${id}`);
    } catch (err) {
      if (err instanceof InvalidInputError) {
        if (json) return res.status(422).json({ errors: err.errors });
        return renderForm(res, 422, 'new', { values, errors: err.errors, submission: parsed.data._submission });
      }
      throw err;
    }
  });

  router.get('/:id', async (req, res) => {
    await renderShow(req, res, 200);
  });

  router.get('/:id/edit', async (req, res) => {
    const { official } = res.locals;
    if (official.deletedAt) throw notFound('official');
    await renderForm(res, 200, 'edit', { official, values: official });
  });

  router.post('/:id', async (req, res) => {
    const { official, scope } = res.locals;
    const values = typedValues(req.body);
    await saveForm(req, res, {
      schema: officialNamesSchema.extend({ version: versionField }),
      invalid: (errors) => renderForm(res, 422, 'edit', { official, values, errors }),
      save: async (data) => {
        await changes.updateOfficial(db, scope, official.id, data.version, data);
        flash(req, 'success', 'Official saved.');
        return `/officials/${official.id}`;
      },
      stale: async () => {
        const current = await find(official.id, scope);
        if (current.deletedAt) throw notFound('official');
        const conflict = conflictRows(OFFICIAL_LABELS, values, current);
        return renderForm(res, 409, 'edit', {
          official: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/positions', async (req, res) => {
    const { official } = res.locals;
    if (official.deletedAt) throw notFound('official');
    const values = typedValues(req.body);
    const parsed = parseForm(positionSchema.extend({ _submission: submissionField }), req.body);
    if (!parsed.ok)
      return renderShow(req, res, 422, {
        values,
        errors: parsed.errors,
        submission: values._submission ?? newSubmissionToken(),
      });
    try {
      await changes.recordPosition(db, res.locals.scope, official.id, parsed.data, parsed.data._submission);
      flash(req, 'success', 'Position recorded.');
      res.redirect(303, `/officials/${official.id}`);
    } catch (err) {
      if (err instanceof InvalidInputError)
        return renderShow(req, res, 422, { values, errors: err.errors, submission: parsed.data._submission });
      throw err;
    }
  });

  router.post('/:id/delete', async (req, res) => {
    const { official } = res.locals;
    await changes.setOfficialDeleted(db, res.locals.scope, official.id, true);
    flash(req, 'info', `${official.fullName} was deleted. An administrator can restore them.`);
    res.redirect(303, '/officials');
  });

  router.post('/:id/restore', async (req, res) => {
    const { official } = res.locals;
    await changes.setOfficialDeleted(db, res.locals.scope, official.id, false);
    flash(req, 'success', `${official.fullName} was restored.`);
    res.redirect(303, `/officials/${official.id}`);
  });

  return router;
}
