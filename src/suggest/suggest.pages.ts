import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { allowedTransitions, type CommitmentStatus } from '../commitments/commitment-status';
import {
  classificationOptions,
  negotiationOptions,
  officialOptions,
  statusOptions,
  strengthOptions,
  userOptions,
} from '../commitments/options';
import { chosenRecord, pickerStates, type PickerKind } from '../pickers/pickers.service';

const SOURCE_PICKERS: Record<string, PickerKind> = {
  meetingId: 'meetings',
  noteId: 'notes',
  agreementId: 'agreements',
};
import { ministryOptions } from '../ministries/ministries.service';
import { newSubmissionToken } from '../web/records';
import type { FieldErrors } from '../web/validate';
import type { Reviewed } from './suggest.service';
import type { RowValues } from './suggest.schema';

// The paste page and the review page; the review rows carry the commitment form's fields.

export async function renderPastePage(
  db: DataSource,
  req: Request,
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: FieldErrors = {},
) {
  const scope = res.locals.scope;
  const [pickers, negotiations] = await Promise.all([
    pickerStates(db, scope, SOURCE_PICKERS, values, req.method === 'POST' ? req.body : undefined),
    negotiationOptions(db),
  ]);
  res.status(status).render('suggest/new', {
    title: status >= 400 ? 'Error: find commitments in a text' : 'Find commitments in a text',
    values,
    errors,
    pickers,
    negotiations,
  });
}

export interface SourceValues {
  meetingId?: string;
  noteId?: string;
  agreementId?: string;
  sourceUrl?: string;
  negotiationId?: string;
  classification: string;
}

/** The sentence in pieces, the cue words marked, for the template to escape piece by piece. */
function highlight(sentence: string, cues: string[]): { text: string; cue: boolean }[] {
  const spans: [number, number][] = [];
  const lower = sentence.toLowerCase();
  for (const cue of cues) {
    const at = lower.indexOf(cue.toLowerCase());
    if (at >= 0 && cue) spans.push([at, at + cue.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const out: { text: string; cue: boolean }[] = [];
  let pos = 0;
  for (const [a, b] of spans) {
    if (a < pos) continue;
    if (a > pos) out.push({ text: sentence.slice(pos, a), cue: false });
    out.push({ text: sentence.slice(a, b), cue: true });
    pos = b;
  }
  if (pos < sentence.length) out.push({ text: sentence.slice(pos), cue: false });
  return out;
}

export function rowsFor(suggestions: Reviewed[], source: SourceValues, ownerId: number) {
  const common = {
    meetingId: source.meetingId ?? '',
    noteId: source.noteId ?? '',
    agreementId: source.agreementId ?? '',
    sourceUrl: source.sourceUrl ?? '',
    negotiationId: source.negotiationId ?? '',
    classification: source.classification,
    ownerId: String(ownerId),
  };
  const commitments: RowValues[] = [];
  const followUps: RowValues[] = [];
  for (const s of suggestions) {
    const display = { sentence: s.sentence, cues: s.cues.join('|'), confidence: String(s.confidence), kind: s.kind };
    if (s.kind === 'commitment') {
      commitments.push({
        ...common,
        ...display,
        accept: s.party && s.counterpart && s.confidence >= 0.5 ? 'on' : '',
        text: s.text,
        madeById: s.madeBy ? String(s.madeBy.id) : '',
        partyId: s.party ? String(s.party.id) : '',
        counterpartId: s.counterpart ? String(s.counterpart.id) : '',
        strength: s.strength ?? '',
        madeOn: s.madeOn,
        dueOn: s.dueOn ?? '',
      });
    } else {
      const allowed = s.match ? allowedTransitions(s.match.status) : [];
      followUps.push({
        ...display,
        accept: '',
        commitmentId: s.match ? String(s.match.id) : '',
        matchText: s.match?.text ?? '',
        status:
          s.proposedStatus && (allowed as string[]).includes(s.proposedStatus) ? s.proposedStatus : (allowed[0] ?? ''),
        currentStatus: s.match?.status ?? '',
        note: s.sentence.slice(0, 5000),
        meetingId: common.meetingId,
        noteId: common.noteId,
        agreementId: common.agreementId,
        url: common.sourceUrl,
        partyName: s.party?.name ?? s.partyCountry ?? '',
      });
    }
  }
  return { commitments, followUps };
}

export async function renderReviewPage(
  db: DataSource,
  req: Request,
  res: Response,
  status: number,
  locals: {
    commitments: RowValues[];
    followUps: RowValues[];
    source: SourceValues;
    errors?: FieldErrors;
    submission?: string;
  },
) {
  const scope = res.locals.scope;
  const sourceField = (['meetingId', 'noteId', 'agreementId'] as const).find((field) => locals.source[field]);
  const [officials, ministries, negotiations, users, chosen] = await Promise.all([
    officialOptions(db),
    ministryOptions(db),
    negotiationOptions(db),
    userOptions(db),
    sourceField
      ? chosenRecord(db, scope, SOURCE_PICKERS[sourceField], locals.source[sourceField])
      : Promise.resolve(undefined),
  ]);
  const errors = locals.errors ?? {};
  const sourceLabel = sourceField ? chosen?.label : locals.source.sourceUrl;
  const rowErrors = (prefix: string, i: number) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(errors)) {
      const m = new RegExp(`^${prefix}\\[${i}\\]\\[(\\w+)\\]$`).exec(k);
      if (m) out[m[1]] = v;
      // The source is one hidden field per row: its errors show with the row's source.
      if (m && ['meetingId', 'noteId', 'agreementId'].includes(m[1])) out.source = `The source: ${v}`;
    }
    return out;
  };
  const decorate = (prefix: string) => (row: RowValues, i: number) => ({
    i,
    values: row,
    errors: rowErrors(prefix, i),
    pieces: highlight(row.sentence ?? '', (row.cues ?? '').split('|').filter(Boolean)),
    percent: Math.round(Number(row.confidence || 0) * 100),
    accepted: row.accept === 'on',
    statuses: row.commitmentId
      ? statusOptions(allowedTransitions((row.currentStatus || 'open') as CommitmentStatus))
      : [],
  });
  res.status(status).render('suggest/review', {
    title: status >= 400 ? 'Error: review the suggested commitments' : 'Review the suggested commitments',
    commitments: locals.commitments.map(decorate('commitments')),
    followUps: locals.followUps.map(decorate('followUps')),
    refusalsAndSignals: locals.followUps.length > 0,
    source: locals.source,
    sourceLabel,
    needsSource: !sourceLabel,
    errors,
    submission: locals.submission ?? newSubmissionToken(),
    officials,
    ministries,
    negotiations,
    users,
    strengths: strengthOptions,
    classifications: classificationOptions(scope),
  });
}
