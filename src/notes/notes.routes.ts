import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import { history } from '../audit/audit.service';
import { ministryOptions } from '../ministries/ministries.service';
import { savedMessage } from '../commitments/quoting-commitments';
import { namedConflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { pageParam, queryString, saveForm, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, type Scope } from '../web/records';
import { NOTE_KINDS } from './note.entity';
import { editNoteSchema, NOTE_LABELS, newNoteSchema } from './note.schema';
import { replyDraft } from './reply-draft';
import { isPickerSearch, pickerStates } from '../pickers/pickers.service';
import * as notes from './notes.service';
import { appToday } from '../commitments/commitment-status';

const kinds = NOTE_KINDS.map((k) => ({ value: k, label: k.replace(/_/g, ' ') }));

export function notesRoutes({ db, config }: AppContext): Router {
  const router = Router();

  // Every /:id route finds its note in res.locals.note: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const note = await notes.findNote(db, id, scope, appToday(config));
    if (!note) throw notFound('note');
    return note;
  };
  router.param('id', recordParam('note', find));

  async function formOptions(scope: Scope, values: Record<string, unknown>, selfId?: number, body?: unknown) {
    const [ministries, negotiations, pickers] = await Promise.all([
      ministryOptions(db),
      notes.negotiationChoices(db),
      pickerStates(db, scope, { inReplyToId: 'notes' }, values, body, selfId),
    ]);
    const classifications = scope.levels.map((c) => ({ value: c, label: c }));
    return { ministries, negotiations, pickers, replyTo: pickers.inReplyToId.options, classifications };
  }

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    view: 'new' | 'edit',
    locals: Record<string, unknown> & { note?: { id: number }; values: Record<string, unknown> },
  ) {
    const options = await formOptions(
      res.locals.scope,
      locals.values,
      locals.note?.id,
      req.method === 'POST' ? req.body : undefined,
    );
    res.status(status).render(`notes/${view}`, {
      title: view === 'new' ? 'New note' : 'Edit note',
      kinds,
      errors: {},
      ...options,
      ...locals,
    });
  }

  router.get('/', async (req, res) => {
    const scope = res.locals.scope;
    const page = pageParam(req);
    const kind = queryString(req, 'kind', 20);
    const filters = {
      fromId: parseId(queryString(req, 'fromId')),
      toId: parseId(queryString(req, 'toId')),
      negotiationId: parseId(queryString(req, 'negotiationId')),
      kind: NOTE_KINDS.find((k) => k === kind),
      awaiting: req.query.awaiting === '1',
      q: queryString(req, 'q'),
      page,
      deleted: req.query.deleted === '1' && scope.isAdmin,
    };
    const [{ rows, hasMore }, ministries, negotiations] = await Promise.all([
      notes.listNotes(db, scope, filters, appToday(config)),
      ministryOptions(db),
      notes.negotiationChoices(db),
    ]);
    res.render('notes/index', {
      title: 'Notes',
      rows,
      filters,
      kinds,
      ministries,
      negotiations,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  router.get('/new', async (req, res) => {
    const scope = res.locals.scope;
    let values: Record<string, unknown> = {
      kind: 'note_verbale',
      classification: 'unclassified',
      sentOn: appToday(config),
    };
    if (req.query.inReplyToId !== undefined && req.query.inReplyToId !== '') {
      const original = await notes.findNote(db, parseId(req.query.inReplyToId) ?? 0, scope, appToday(config));
      if (!original || original.deletedAt) throw notFound('note');
      values = { ...values, ...replyDraft(original) };
    }
    await renderForm(req, res, 200, 'new', { values, submission: newSubmissionToken() });
  });

  router.post('/', async (req, res) => {
    const values = typedValues(req.body);
    if (isPickerSearch(req.body))
      return renderForm(req, res, 200, 'new', { values, submission: values._submission ?? newSubmissionToken() });
    await saveForm(req, res, {
      schema: newNoteSchema,
      invalid: (errors) =>
        renderForm(req, res, 422, 'new', { values, errors, submission: values._submission ?? newSubmissionToken() }),
      save: async (data) => {
        const id = await notes.sendNote(db, res.locals.scope, data, data._submission);
        flash(req, 'success', 'Note saved.');
        return `/notes/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    const scope = res.locals.scope;
    const { note } = res.locals;
    const [thread, commitments, events] = await Promise.all([
      notes.noteThread(db, note.id, scope),
      notes.noteCommitments(db, note.id, scope),
      history(db, res.locals.scope, config.appTimeZone, 'note', note.id),
    ]);
    const inReplyTo = thread.find((t) => t.id === note.inReplyToId);
    res.render('notes/show', {
      title: `${note.reference} — ${note.subject}`,
      note,
      inReplyTo,
      thread: thread.length > 1 ? thread : [],
      commitments,
      history: events,
    });
  });

  router.get('/:id/edit', async (req, res) => {
    const { note } = res.locals;
    if (note.deletedAt) throw notFound('note');
    await renderForm(req, res, 200, 'edit', { note, values: { ...note } });
  });

  router.post('/:id', async (req, res) => {
    const scope = res.locals.scope;
    const { note } = res.locals;
    if (note.deletedAt) throw notFound('note');
    const values = typedValues(req.body);
    if (isPickerSearch(req.body)) return renderForm(req, res, 200, 'edit', { note, values });
    await saveForm(req, res, {
      schema: editNoteSchema,
      invalid: (errors) => renderForm(req, res, 422, 'edit', { note, values, errors }),
      save: async (data) => {
        const raised = await notes.updateNote(db, scope, note.id, data.version, data);
        flash(req, 'success', savedMessage('Note', raised, data.classification));
        return `/notes/${note.id}`;
      },
      stale: async () => {
        const current = await find(note.id, scope);
        const refs = {
          fromId: 'ministry',
          toId: 'ministry',
          negotiationId: 'negotiation',
          inReplyToId: 'note',
        } as const;
        const conflict = await namedConflictRows(db, scope, NOTE_LABELS, refs, values, current);
        return renderForm(req, res, 409, 'edit', {
          note: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { note } = res.locals;
    await notes.setNoteDeleted(db, res.locals.scope, note.id, true);
    flash(req, 'info', `Note ${note.reference} was deleted. An administrator can restore it.`);
    res.redirect(303, '/notes');
  });

  router.post('/:id/restore', async (req, res) => {
    const { note } = res.locals;
    await notes.setNoteDeleted(db, res.locals.scope, note.id, false);
    flash(req, 'success', `Note ${note.reference} was restored.`);
    res.redirect(303, `/notes/${note.id}`);
  });

  return router;
}
