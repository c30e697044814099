import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { historyEntries } from '../audit/history';
import { negotiationOptions, officialOptions } from '../commitments/options';
import { savedMessage } from '../commitments/quoting-commitments';
import { namedConflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { recordParam } from '../web/request-records';
import { flash } from '../web/flash';
import { optionalDate, submissionField, versionField } from '../web/form-fields';
import { pageParam, parseForm, queryString, saveParsed, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, type Scope } from '../web/records';
import { blankRow, MAX_ROWS, MEETING_LABELS, meetingSchema, parseRows, postedRows } from './meeting.schema';
import { initialRows, renderMeetingForm } from './meetings.pages';
import { findMeeting, listMeetings, meetingPage } from './meetings.queries';
import { logMeeting, setMeetingDeleted, updateMeeting } from './meetings.service';
import { addOfficialFromMeetingForm, typedNewOfficial } from './meeting-officials';
import { proposedSides } from './meeting-sides';
import { sameMeeting } from './meetings.queries';

/** The fields read from the posted form (Express types req.body as `any`) before it is validated. */
type PostedForm = { commitments?: unknown; _addRow?: unknown; _addOfficial?: unknown } | undefined;

const newForm = z.object({ _submission: submissionField });
const editForm = z.object({ version: versionField });

/** The new official's errors under the names of its fields on the meeting form, for the error summary. */
const prefixed = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [`newOfficial[${k}]`, v]));

function queryDate(req: Request, name: string): string | undefined {
  const parsed = optionalDate().safeParse(queryString(req, name, 10));
  return parsed.success ? parsed.data : undefined;
}

export function meetingsRoutes({ db, config }: AppContext): Router {
  const router = Router();

  // Every /:id route finds its meeting in res.locals.meeting: 404 when it is absent or hidden from the reader.
  const find = async (id: number, scope: Scope) => {
    const meeting = await findMeeting(db, id, scope);
    if (!meeting) throw notFound('meeting');
    return meeting;
  };
  const loadMeeting = recordParam('meeting', find);
  // The show page reads the meeting with everything on it in one statement (meetingPage, 404
  // when hidden or missing), so the loader leaves that one route alone.
  router.param('id', async (req, res, next, raw, name) => {
    if (req.method === 'GET' && (req.route as { path?: string } | undefined)?.path === '/:id') return next();
    await loadMeeting(req, res, next, raw, name);
  });

  router.get('/', async (req, res) => {
    const page = pageParam(req);
    const filters = {
      negotiationId: parseId(queryString(req, 'negotiationId', 10)),
      officialId: parseId(queryString(req, 'officialId', 10)),
      from: queryDate(req, 'from'),
      to: queryDate(req, 'to'),
      q: queryString(req, 'q'),
      page,
      deleted: req.query.deleted === '1' && req.user!.role === 'admin',
    };
    const [{ rows, hasMore }, negotiations, officials] = await Promise.all([
      listMeetings(db, res.locals.scope, filters),
      negotiationOptions(db),
      officialOptions(db),
    ]);
    res.render('meetings/index', {
      title: 'Meetings',
      rows,
      filters,
      negotiations,
      officials,
      pager: {
        newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined,
        older: hasMore ? withQuery(req, { page: page + 1 }) : undefined,
      },
    });
  });

  // What the form proposes as party and counterpart when a commitment's maker is chosen (meeting-form.js).
  router.get('/sides', async (req, res) => {
    const madeById = parseId(queryString(req, 'madeById', 10));
    if (!madeById) return res.json({ party: null, counterpart: null });
    const participantIds = ([] as unknown[])
      .concat(req.query.participantIds ?? [])
      .slice(0, 100)
      .map(parseId)
      .filter((id): id is number => !!id);
    res.json(
      await proposedSides(db, {
        madeById,
        heldOn: queryDate(req, 'heldOn'),
        participantIds,
        negotiationId: parseId(queryString(req, 'negotiationId', 10)),
      }),
    );
  });

  router.get('/new', async (req, res) => {
    await renderMeetingForm(db, req, res, 200, 'new', {
      values: { classification: 'unclassified' },
      rows: initialRows(),
      submission: newSubmissionToken(),
    });
  });

  router.post('/', async (req, res) => {
    const values = typedValues(req.body);
    const submission = typeof values._submission === 'string' ? values._submission : newSubmissionToken();
    const posted = postedRows((req.body as PostedForm)?.commitments);
    const newOfficial = typedNewOfficial(req.body);
    // "Add another commitment" is a submit button, so the form grows without JavaScript; nothing is saved.
    if ((req.body as PostedForm)?._addRow !== undefined && !posted.errors._form) {
      const rows = posted.rows.length < MAX_ROWS ? [...posted.rows, blankRow()] : posted.rows;
      return renderMeetingForm(db, req, res, 200, 'new', { values, rows, submission, newOfficial });
    }
    if ((req.body as PostedForm)?._addOfficial !== undefined && !posted.errors._form) {
      const added = await addOfficialFromMeetingForm(db, res.locals.scope, req.body, values.heldOn);
      const withOfficial = added.id
        ? { ...values, participantIds: [...([] as unknown[]).concat(values.participantIds ?? []), String(added.id)] }
        : values;
      return renderMeetingForm(db, req, res, added.id ? 200 : 422, 'new', {
        values: withOfficial,
        rows: posted.rows,
        submission,
        newOfficial: added.state,
        errors: prefixed(added.state.errors),
      });
    }
    const parsed = parseForm(meetingSchema, req.body);
    const token = parseForm(newForm, req.body);
    const inline = parseRows(posted.rows);
    const errors = {
      ...(parsed.ok ? {} : parsed.errors),
      ...(token.ok ? {} : token.errors),
      ...inline.errors,
      ...posted.errors,
    };
    const rows = posted.rows.length ? posted.rows : initialRows();
    if (!parsed.ok || !token.ok || Object.keys(errors).length)
      return renderMeetingForm(db, req, res, 422, 'new', { values, rows, errors, submission, newOfficial });
    await saveParsed(res, parsed.data, {
      invalid: (invalid) =>
        renderMeetingForm(db, req, res, 422, 'new', { values, rows, errors: invalid, submission, newOfficial }),
      save: async (data) => {
        const scope = res.locals.scope;
        const id = await logMeeting(db, scope, data, inline.commitments, token.data._submission);
        const saved = inline.commitments.length;
        flash(req, 'success', saved ? `Meeting saved with ${saved} commitment(s).` : 'Meeting saved.');
        // Saved anyway: a second meeting of that name on that day is unusual, not impossible (two rounds of talks).
        const twin = await sameMeeting(db, scope, id, data.title, data.heldOn);
        if (twin)
          flash(
            req,
            'warning',
            `Another meeting with this title on ${data.heldOn} is already in the record. If this one is the same meeting, delete one of them.`,
            { href: `/meetings/${twin}`, text: 'Open the other meeting' },
          );
        return `/meetings/${id}`;
      },
    });
  });

  router.get('/:id', async (req, res) => {
    const { scope } = res.locals;
    const id = parseId(req.params.id);
    const page = id && (await meetingPage(db, scope, id));
    if (!page) throw notFound('meeting');
    const events = await historyEntries(db, scope, config.appTimeZone, 'meeting', page.events);
    res.render('meetings/show', {
      title: page.meeting.title,
      meeting: page.meeting,
      participants: page.participants,
      commitments: page.commitments,
      history: events,
    });
  });

  router.get('/:id/edit', async (req, res) => {
    const { meeting } = res.locals;
    if (meeting.deletedAt) throw notFound('meeting');
    await renderMeetingForm(db, req, res, 200, 'edit', { meeting, values: { ...meeting } });
  });

  router.post('/:id', async (req, res) => {
    const { meeting } = res.locals;
    if (meeting.deletedAt) throw notFound('meeting');
    const values = typedValues(req.body);
    if ((req.body as PostedForm)?._addOfficial !== undefined) {
      const added = await addOfficialFromMeetingForm(db, res.locals.scope, req.body, values.heldOn);
      const withOfficial = added.id
        ? { ...values, participantIds: [...([] as unknown[]).concat(values.participantIds ?? []), String(added.id)] }
        : values;
      return renderMeetingForm(db, req, res, added.id ? 200 : 422, 'edit', {
        meeting,
        values: withOfficial,
        newOfficial: added.state,
        errors: prefixed(added.state.errors),
      });
    }
    const parsed = parseForm(meetingSchema, req.body);
    const version = parseForm(editForm, req.body);
    if (!parsed.ok || !version.ok) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(version.ok ? {} : version.errors) };
      return renderMeetingForm(db, req, res, 422, 'edit', { meeting, values, errors });
    }
    const scope = res.locals.scope;
    await saveParsed(res, parsed.data, {
      invalid: (invalid) => renderMeetingForm(db, req, res, 422, 'edit', { meeting, values, errors: invalid }),
      save: async (data) => {
        const raised = await updateMeeting(db, scope, meeting.id, version.data.version, data);
        flash(req, 'success', savedMessage('Meeting', raised, data.classification));
        return `/meetings/${meeting.id}`;
      },
      stale: async () => {
        const current = await find(meeting.id, scope);
        const ids = ([] as unknown[])
          .concat(values.participantIds ?? [])
          .map(Number)
          .sort((a, b) => a - b);
        const refs = { negotiationId: 'negotiation', participantIds: 'official' } as const;
        const conflict = await namedConflictRows(
          db,
          scope,
          MEETING_LABELS,
          refs,
          { ...values, participantIds: ids },
          current,
        );
        return renderMeetingForm(db, req, res, 409, 'edit', {
          meeting: current,
          values: { ...values, version: current.version },
          conflict,
        });
      },
    });
  });

  router.post('/:id/delete', async (req, res) => {
    const { meeting } = res.locals;
    await setMeetingDeleted(db, res.locals.scope, meeting.id, true);
    flash(req, 'info', `${meeting.title} was deleted. An administrator can restore it.`);
    res.redirect(303, '/meetings');
  });

  router.post('/:id/restore', async (req, res) => {
    const { meeting } = res.locals;
    await setMeetingDeleted(db, res.locals.scope, meeting.id, false);
    flash(req, 'success', `${meeting.title} was restored.`);
    res.redirect(303, `/meetings/${meeting.id}`);
  });

  return router;
}
