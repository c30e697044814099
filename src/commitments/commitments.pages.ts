import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { history } from '../audit/audit.service';
import { ministryOptions } from '../ministries/ministries.service';
import { newSubmissionToken } from '../web/records';
import type { FieldErrors } from '../web/validate';
import { followUpsOf, type CommitmentRow } from './commitments.queries';
import {
  allowedTransitions,
  direction,
  isOpen,
  isOverdue,
  isQuiet,
  appToday,
  type CommitmentStatus,
} from './commitment-status';
import {
  classificationOptions,
  negotiationOptions,
  officialOptions,
  statusOptions,
  strengthOptions,
  userOptions,
} from './options';
import { pickerStates, type PickerKind } from '../pickers/pickers.service';

const SOURCE_PICKERS: Record<string, PickerKind> = {
  meetingId: 'meetings',
  noteId: 'notes',
  agreementId: 'agreements',
};

// Rendering of the commitment pages, kept apart from the routes so each handler stays a few lines.

export async function renderCommitmentForm(
  db: DataSource,
  req: Request,
  res: Response,
  status: number,
  view: 'new' | 'edit',
  locals: { values: Record<string, unknown>; errors?: FieldErrors } & Record<string, unknown>,
) {
  const scope = res.locals.scope;
  const [officials, ministries, negotiations, users, pickers] = await Promise.all([
    officialOptions(db),
    ministryOptions(db),
    negotiationOptions(db),
    userOptions(db),
    pickerStates(db, scope, SOURCE_PICKERS, locals.values, req.method === 'POST' ? req.body : undefined),
  ]);
  res.status(status).render(`commitments/${view}`, {
    title: view === 'new' ? 'New commitment' : 'Edit commitment',
    officials,
    ministries,
    negotiations,
    users,
    pickers,
    strengths: strengthOptions,
    classifications: classificationOptions(scope),
    ownerHint:
      req.user!.role === 'staff' ? 'You follow up what you record; a manager may hand it to someone else.' : undefined,
    errors: {},
    ...locals,
  });
}

export interface FollowUpState {
  values: Record<string, unknown>;
  errors: FieldErrors;
  submission: string;
}

export async function renderCommitmentPage(
  db: DataSource,
  config: Config,
  req: Request,
  res: Response,
  commitment: CommitmentRow,
  status = 200,
  followUp?: FollowUpState,
) {
  const scope = res.locals.scope;
  const todayIso = appToday(config);
  const [followUps, events, pickers] = await Promise.all([
    followUpsOf(db, scope, commitment.id),
    history(db, scope, config.appTimeZone, 'commitment', commitment.id),
    pickerStates(db, scope, SOURCE_PICKERS, followUp?.values ?? {}, req.method === 'POST' ? req.body : undefined),
  ]);
  res.status(status).render('commitments/show', {
    title: `Commitment ${commitment.id}`,
    commitment,
    isOpen: isOpen(commitment.status),
    direction: direction(commitment.partyCountry, config.homeCountry),
    overdue: isOverdue(commitment, todayIso),
    quiet: isQuiet(commitment, todayIso),
    followUps,
    followUp: followUp ?? {
      values: { status: commitment.status, recordedOn: todayIso },
      errors: {},
      submission: newSubmissionToken(),
    },
    statuses: statusOptions(allowedTransitions(commitment.status as CommitmentStatus)),
    pickers,
    today: todayIso,
    history: events,
  });
}
