import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import { selectRows } from '../db/rows';
import { visibleClassification } from '../commitments/commitment-checks';
import { today } from '../commitments/commitment-status';
import { InvalidInputError } from '../db/record-writes';
import { flash } from '../web/flash';
import { parseForm, typedValues } from '../web/forms';
import type { FieldErrors } from '../web/validate';
import { isPickerSearch } from '../pickers/pickers.service';
import { renderPastePage, renderReviewPage, rowsFor, type SourceValues } from './suggest.pages';
import { parseAccepted, pasteSchema, pasteSourceError, textProblem } from './suggest.schema';
import { acceptSuggestions, suggestCommitments } from './suggest.service';
import { textOfFile, UnreadableFileError } from './upload';
import type { Scope } from '../web/records';

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';
const PUBLIC_FIELDS = [
  'kind',
  'text',
  'sentence',
  'start',
  'end',
  'madeBy',
  'party',
  'counterpart',
  'madeByText',
  'partyCountry',
  'counterpartCountry',
  'strength',
  'madeOn',
  'dueOn',
  'confidence',
  'cues',
] as const;

export function suggestRoutes({ db, config }: AppContext): Router {
  const router = Router();

  /** A meeting's summary or a note's body, with that record as the source (clearance applies). */
  async function prefill(req: Request, scope: Scope): Promise<Record<string, unknown>> {
    const id = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
    const meetingId = id(req.query.meetingId);
    const noteId = id(req.query.noteId);
    if (meetingId && (await visibleClassification(db.manager, scope, 'meeting', meetingId))) {
      const [m] = await selectRows<{ summary: string | null; day: string; negotiationId: number | null }>(
        db,
        `SELECT summary, to_char(held_on, 'YYYY-MM-DD') AS day, negotiation_id AS "negotiationId" FROM meetings WHERE id = $1`,
        [meetingId],
      );
      return {
        text: m.summary ?? '',
        sourceDate: m.day,
        meetingId: String(meetingId),
        negotiationId: m.negotiationId ? String(m.negotiationId) : '',
      };
    }
    if (noteId && (await visibleClassification(db.manager, scope, 'note', noteId))) {
      const [n] = await selectRows<{ body: string | null; day: string; negotiationId: number | null }>(
        db,
        `SELECT body, to_char(sent_on, 'YYYY-MM-DD') AS day, negotiation_id AS "negotiationId" FROM notes WHERE id = $1`,
        [noteId],
      );
      return {
        text: n.body ?? '',
        sourceDate: n.day,
        noteId: String(noteId),
        negotiationId: n.negotiationId ? String(n.negotiationId) : '',
      };
    }
    return { sourceDate: today(config.appTimeZone) };
  }

  router.get('/suggest', async (req, res) => {
    await renderPastePage(db, req, res, 200, await prefill(req, res.locals.scope));
  });

  router.post('/suggest', async (req: Request, res: Response) => {
    const values = typedValues(req.body);
    // A source picker's Search button (no JavaScript): the form comes back with the matches, the text kept.
    if (isPickerSearch(req.body) && !wantsJson(req)) return renderPastePage(db, req, res, 200, values);
    const refuse = (status: number, errors: FieldErrors) =>
      wantsJson(req)
        ? res.status(status).json({ errors })
        : renderPastePage(
            db,
            req,
            res,
            status,
            { ...values, text: typeof values.text === 'string' ? values.text.slice(0, 200_001) : '' },
            errors,
          );
    let text: unknown = values.text;
    if (req.file) {
      try {
        text = await textOfFile(req.file);
      } catch (err) {
        if (err instanceof UnreadableFileError) return refuse(422, { file: err.message });
        throw err;
      }
    }
    const errors: FieldErrors = {};
    const problem = textProblem(text);
    if (problem) errors[req.file ? 'file' : 'text'] = problem.message;
    const parsed = parseForm(pasteSchema, req.body);
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    const sourceProblem = pasteSourceError(values);
    if (sourceProblem) errors.source = sourceProblem;
    const scope = res.locals.scope;
    let classification = 'unclassified';
    if (parsed.ok) {
      for (const [type, field] of [
        ['meeting', 'meetingId'],
        ['note', 'noteId'],
        ['agreement', 'agreementId'],
      ] as const) {
        const id = parsed.data[field];
        if (!id) continue;
        const level = await visibleClassification(db.manager, scope, type, id);
        if (!level) errors[field] = 'Choose an entry from the list.';
        else classification = level;
      }
    }
    if (Object.keys(errors).length) return refuse(problem?.status === 413 ? 413 : 422, errors);
    const form = parsed.ok ? parsed.data : undefined;
    const suggestions = await suggestCommitments(db, scope, text as string, form!.sourceDate);
    if (wantsJson(req)) {
      return res.json({ suggestions: suggestions.map((s) => Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, s[k]]))) });
    }
    const str = (v: number | string | undefined) => (v === undefined ? undefined : String(v));
    const source: SourceValues = {
      meetingId: str(form!.meetingId),
      noteId: str(form!.noteId),
      agreementId: str(form!.agreementId),
      sourceUrl: form!.sourceUrl,
      negotiationId: str(form!.negotiationId),
      classification,
    };
    await renderReviewPage(db, req, res, 200, { ...rowsFor(suggestions, source, req.user!.id), source });
  });

  router.post('/suggest/accept', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseAccepted(body);
    const values = typedValues(body);
    const source: SourceValues = {
      meetingId: values.meetingId as string,
      noteId: values.noteId as string,
      agreementId: values.agreementId as string,
      sourceUrl: values.sourceUrl as string,
      negotiationId: values.negotiationId as string,
      classification: 'unclassified',
    };
    const again = (errors: FieldErrors) =>
      renderReviewPage(db, req, res, 422, {
        commitments: parsed.rows,
        followUps: parsed.followRows,
        source,
        errors,
        submission: parsed.submission,
      });
    if (Object.keys(parsed.errors).length || !parsed.submission) return again(parsed.errors);
    try {
      const { ids, repeated } = await acceptSuggestions(
        db,
        res.locals.scope,
        parsed.submission,
        parsed.accepted,
        parsed.followUps,
        today(config.appTimeZone),
      );
      if (repeated) flash(req, 'info', 'These suggestions were already saved.');
      else
        flash(
          req,
          'success',
          `${ids.length} commitment${ids.length === 1 ? '' : 's'} and ${parsed.followUps.length} follow-up${parsed.followUps.length === 1 ? '' : 's'} saved.`,
        );
      const back = source.meetingId
        ? `/meetings/${source.meetingId}`
        : source.noteId
          ? `/notes/${source.noteId}`
          : source.agreementId
            ? `/agreements/${source.agreementId}`
            : '/commitments?sort=made';
      res.redirect(303, /^\/[a-z]+(\/\d{1,9})?(\?sort=made)?$/.test(back) ? back : '/commitments');
    } catch (err) {
      if (err instanceof InvalidInputError) return again(err.errors);
      throw err;
    }
  });

  return router;
}
