import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import { history } from '../audit/audit.service';
import { ministryOptions } from '../ministries/ministries.service';
import { savedMessage } from '../commitments/quoting-commitments';
import { isPickerSearch, pickerStates } from '../pickers/pickers.service';
import { namedConflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { pageParam, queryString, saveForm, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, type Scope } from '../web/records';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES } from './agreement.entity';
import { AGREEMENT_LABELS, editAgreementSchema, newAgreementSchema } from './agreement.schema';
import * as agreements from './agreements.service';

const kinds = AGREEMENT_KINDS.map((k) => ({ value: k, label: k }));
const statuses = AGREEMENT_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));

/** The posted values as typed; a single party arrives as a string and is shown as a one-item list. */
function formValues(body: unknown): Record<string, unknown> {
  const values = typedValues(body);
  if (typeof values.partyIds === 'string') values.partyIds = [values.partyIds];
  return values;
}

export function agreementsRoutes({ db, config }: AppContext): Router {
  const router = Router();

  // Every /:id route finds its agreement in res.locals.agreement: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const agreement = await agreements.findAgreement(db, id, scope);
    if (!agreement) throw notFound('agreement');
    return agreement;
  };
  router.param('id', recordParam('agreement', find));

  async function formOptions(scope: Scope, values: Record<string, unknown>, selfId?: number, body?: unknown) {
    const [ministries, negotiations, pickers] = await Promise.all([
      ministryOptions(db),
      agreements.negotiationChoices(db),
      pickerStates(db, scope, { parentId: 'agreements' }, values, body, selfId),
    ]);
    const classifications = scope.levels.map((c) => ({ value: c, label: c }));
    return { ministries, negotiations, pickers, parents: pickers.parentId.options, classifications };
  }

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    view: 'new' | 'edit',
    locals: Record<string, unknown> & { agreement?: { id: number }; values: Record<string, unknown> },
  ) {
    const options = await formOptions(
      res.locals.scope,
      locals.values,
      locals.agreement?.id,
      req.method === 'POST' ? req.body : undefined,
    );
    res.status(status).render(`agreements/${view}`, {
      title: view === 'new' ? 'New agreement' : 'Edit agreement',
      kinds,
      statuses,
      errors: {},
      ...options,
      ...locals,
    });
  }

  router.get('/', async (req, res) => {
    const scope = res.locals.scope;
    const page = pageParam(req);
    const status = queryString(req, 'status', 20);
    const kind = queryString(req, 'kind', 20);
    const filters = {
      status: AGREEMENT_STATUSES.find((s) => s === status),
      kind: AGREEMENT_KINDS.find((k) => k === kind),
      partyId: parseId(queryString(req, 'partyId')),
      negotiationId: parseId(queryString(req, 'negotiationId')),
      q: queryString(req, 'q'),
      page,
      deleted: req.query.deleted === '1' && scope.isAdmin,
    };
    const [{ rows, hasMore }, ministries, negotiations] = await Promise.all([
      agreements.listAgreements(db, scope, filters),
      ministryOptions(db),
      agreements.negotiationChoices(db),
    ]);
    res.render('agreements/index', {
      title: 'Agreements',
      rows,
      filters,
      kinds,
      statuses,
      ministries,
      negotiations,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  router.get('/new', async (req, res) => {
    await renderForm(req, res, 200, 'new', {
      values: { kind: 'agreement', status: 'signed', classification: 'unclassified', partyIds: [] },
      submission: newSubmissionToken(),
    });
  });

  router.post('/', async (req, res) => {
    const values = formValues(req.body);
    if (isPickerSearch(req.body))
      return renderForm(req, res, 200, 'new', { values, submission: values._submission ?? newSubmissionToken() });
    await saveForm(req, res, {
      schema: newAgreementSchema,
      invalid: (errors) =>
        renderForm(req, res, 422, 'new', { values, errors, submission: values._submission ?? newSubmissionToken() }),
      save: async (data) => {
        const id = await agreements.recordAgreement(db, res.locals.scope, data, data._submission);
        flash(req, 'success', 'Agreement saved.');
        return `/agreements/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    const scope = res.locals.scope;
    const { agreement } = res.locals;
    const [relations, events] = await Promise.all([
      agreements.agreementRelations(db, agreement, scope),
      history(db, res.locals.scope, config.appTimeZone, 'agreement', agreement.id),
    ]);
    res.render('agreements/show', { title: agreement.title, agreement, ...relations, history: events });
  });

  router.get('/:id/edit', async (req, res) => {
    const { agreement } = res.locals;
    if (agreement.deletedAt) throw notFound('agreement');
    await renderForm(req, res, 200, 'edit', { agreement, values: { ...agreement } });
  });

  router.post('/:id', async (req, res) => {
    const { agreement, scope } = res.locals;
    if (agreement.deletedAt) throw notFound('agreement');
    const values = formValues(req.body);
    if (isPickerSearch(req.body)) return renderForm(req, res, 200, 'edit', { agreement, values });
    await saveForm(req, res, {
      schema: editAgreementSchema,
      invalid: (errors) => renderForm(req, res, 422, 'edit', { agreement, values, errors }),
      save: async (data) => {
        const raised = await agreements.updateAgreement(db, scope, agreement.id, data.version, data);
        flash(req, 'success', savedMessage('Agreement', raised, data.classification));
        return `/agreements/${agreement.id}`;
      },
      stale: async () => {
        const current = await find(agreement.id, scope);
        const refs = { partyIds: 'ministry', negotiationId: 'negotiation', parentId: 'agreement' } as const;
        const conflict = await namedConflictRows(db, scope, AGREEMENT_LABELS, refs, values, current);
        return renderForm(req, res, 409, 'edit', {
          agreement: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { agreement } = res.locals;
    await agreements.setAgreementDeleted(db, res.locals.scope, agreement.id, true);
    flash(req, 'info', `${agreement.title} was deleted. An administrator can restore it.`);
    res.redirect(303, '/agreements');
  });

  router.post('/:id/restore', async (req, res) => {
    const { agreement } = res.locals;
    await agreements.setAgreementDeleted(db, res.locals.scope, agreement.id, false);
    flash(req, 'success', `${agreement.title} was restored.`);
    res.redirect(303, `/agreements/${agreement.id}`);
  });

  return router;
}
