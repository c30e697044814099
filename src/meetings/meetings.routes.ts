import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/guards';
import { history } from '../audit/audit.service';
import { negotiationOptions, officialOptions } from '../commitments/options';
import { conflictRows } from '../web/conflict';
import { notFound } from '../web/errors';
import { flash } from '../web/flash';
import { optionalDate, submissionField, versionField } from '../web/form-fields';
import { idParam, pageParam, parseForm, queryString, typedValues, withQuery } from '../web/forms';
import { newSubmissionToken, parseId, scopeOf, StaleEditError } from '../web/records';
import { blankRow, MAX_ROWS, MEETING_LABELS, meetingSchema, parseRows, postedRows } from './meeting.schema';
import { initialRows, renderMeetingForm } from './meeting-pages';
import { findMeeting, listMeetings, meetingCommitments, meetingParticipants } from './meeting-queries';
import { InvalidInputError, logMeeting, setMeetingDeleted, updateMeeting } from './meetings.service';

const newForm = z.object({ _submission: submissionField });
const editForm = z.object({ version: versionField });

function queryDate(req: Request, name: string): string | undefined {
  const parsed = optionalDate().safeParse(queryString(req, name, 10));
  return parsed.success ? parsed.data : undefined;
}

export function meetingsRoutes({ db }: AppContext): Router {
  const router = Router();

  async function load(req: Request) {
    const meeting = await findMeeting(db, idParam(req), scopeOf(req.user!));
    if (!meeting) throw notFound('meeting');
    return meeting;
  }

  router.get('/meetings', async (req, res) => {
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
    const [{ rows, hasMore }, negotiations, officials] = await Promise.all([listMeetings(db, scopeOf(req.user!), filters), negotiationOptions(db), officialOptions(db)]);
    res.render('meetings/index', {
      title: 'Meetings',
      rows,
      filters,
      negotiations,
      officials,
      pager: { newer: page > 1 ? withQuery(req, { page: page - 1 }) : undefined, older: hasMore ? withQuery(req, { page: page + 1 }) : undefined },
    });
  });

  router.get('/meetings/new', async (req, res) => {
    await renderMeetingForm(db, req, res, 200, 'new', { values: { classification: 'unclassified' }, rows: initialRows(), submission: newSubmissionToken() });
  });

  router.post('/meetings', async (req, res) => {
    const values = typedValues(req.body);
    const submission = typeof values._submission === 'string' ? values._submission : newSubmissionToken();
    const posted = postedRows(req.body?.commitments);
    // "Add another commitment" is a submit button, so the form grows without JavaScript; nothing is saved.
    if (req.body?._addRow !== undefined && !posted.errors._form) {
      const rows = posted.rows.length < MAX_ROWS ? [...posted.rows, blankRow()] : posted.rows;
      return renderMeetingForm(db, req, res, 200, 'new', { values, rows, submission });
    }
    const parsed = parseForm(meetingSchema, req.body);
    const token = parseForm(newForm, req.body);
    const inline = parseRows(posted.rows);
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(token.ok ? {} : token.errors), ...inline.errors, ...posted.errors };
    const rows = posted.rows.length ? posted.rows : initialRows();
    if (!parsed.ok || !token.ok || Object.keys(errors).length) return renderMeetingForm(db, req, res, 422, 'new', { values, rows, errors, submission });
    try {
      const id = await logMeeting(db, scopeOf(req.user!), parsed.data, inline.commitments, token.data._submission);
      flash(req, 'success', inline.commitments.length ? `Meeting saved with ${inline.commitments.length} commitment(s).` : 'Meeting saved.');
      res.redirect(303, `/meetings/${id}`);
    } catch (err) {
      if (err instanceof InvalidInputError) return renderMeetingForm(db, req, res, 422, 'new', { values, rows, errors: err.errors, submission });
      throw err;
    }
  });

  router.get('/meetings/:id', async (req, res) => {
    const meeting = await load(req);
    const [participants, commitments, events] = await Promise.all([
      meetingParticipants(db, meeting),
      meetingCommitments(db, scopeOf(req.user!), meeting.id),
      history(db.manager, 'meeting', meeting.id),
    ]);
    res.render('meetings/show', { title: meeting.title, meeting, participants, commitments, history: events });
  });

  router.get('/meetings/:id/edit', async (req, res) => {
    const meeting = await load(req);
    if (meeting.deletedAt) throw notFound('meeting');
    await renderMeetingForm(db, req, res, 200, 'edit', { meeting, values: { ...meeting } });
  });

  router.post('/meetings/:id', async (req, res) => {
    const meeting = await load(req);
    if (meeting.deletedAt) throw notFound('meeting');
    const values = typedValues(req.body);
    const parsed = parseForm(meetingSchema, req.body);
    const version = parseForm(editForm, req.body);
    if (!parsed.ok || !version.ok) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(version.ok ? {} : version.errors) };
      return renderMeetingForm(db, req, res, 422, 'edit', { meeting, values, errors });
    }
    try {
      await updateMeeting(db, scopeOf(req.user!), meeting.id, version.data.version, parsed.data);
      flash(req, 'success', 'Meeting saved.');
      res.redirect(303, `/meetings/${meeting.id}`);
    } catch (err) {
      if (err instanceof StaleEditError) {
        const current = await load(req);
        const ids = ([] as unknown[]).concat(values.participantIds ?? []).map(Number).sort((a, b) => a - b);
        const conflict = conflictRows(MEETING_LABELS, { ...values, participantIds: ids }, current);
        return renderMeetingForm(db, req, res, 409, 'edit', { meeting: current, values: { ...values, version: current.version }, conflict });
      }
      if (err instanceof InvalidInputError) return renderMeetingForm(db, req, res, 422, 'edit', { meeting, values, errors: err.errors });
      throw err;
    }
  });

  router.post('/meetings/:id/delete', async (req, res) => {
    const meeting = await load(req);
    await setMeetingDeleted(db, scopeOf(req.user!), meeting.id, true);
    flash(req, 'info', `${meeting.title} was deleted. An administrator can restore it.`);
    res.redirect(303, '/meetings');
  });

  router.post('/meetings/:id/restore', requireRole('admin'), async (req, res) => {
    const meeting = await load(req);
    await setMeetingDeleted(db, scopeOf(req.user!), meeting.id, false);
    flash(req, 'success', `${meeting.title} was restored.`);
    res.redirect(303, `/meetings/${meeting.id}`);
  });

  return router;
}
