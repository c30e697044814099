import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { classificationOptions, negotiationOptions, officialOptions, strengthOptions } from '../commitments/options';
import { ministryOptions } from '../ministries/ministries.service';
import type { FieldErrors } from '../web/validate';
import { blankRow, NEW_FORM_ROWS, ROW_FIELDS, type RowValues } from './meeting.schema';
import { blankNewOfficial } from './meeting-officials';

export const initialRows = (): RowValues[] => Array.from({ length: NEW_FORM_ROWS }, blankRow);

/** Each inline row with its own values and the errors filed under `commitments[i][field]`. */
function rowViews(rows: RowValues[], errors: FieldErrors) {
  return rows.map((values, index) => {
    const rowErrors: Record<string, string> = {};
    for (const field of ROW_FIELDS) {
      const message = errors[`commitments[${index}][${field}]`];
      if (message) rowErrors[field] = message;
    }
    return { index, values, errors: rowErrors, hasErrors: Object.keys(rowErrors).length > 0 };
  });
}

export async function renderMeetingForm(
  db: DataSource,
  req: Request,
  res: Response,
  status: number,
  view: 'new' | 'edit',
  locals: { values: Record<string, unknown>; rows?: RowValues[]; errors?: FieldErrors } & Record<string, unknown>,
) {
  const [officials, negotiations, ministries] = await Promise.all([
    officialOptions(db),
    negotiationOptions(db),
    ministryOptions(db),
  ]);
  const errors = locals.errors ?? {};
  const participantIds = locals.values.participantIds;
  res.status(status).render(`meetings/${view}`, {
    title: view === 'new' ? 'New meeting' : 'Edit meeting',
    officials,
    negotiations,
    ministries,
    strengths: strengthOptions,
    classifications: classificationOptions(res.locals.scope),
    newOfficial: blankNewOfficial(),
    ...locals,
    values: {
      ...locals.values,
      participantIds: participantIds === undefined ? [] : ([] as unknown[]).concat(participantIds).map(String),
    },
    rows: locals.rows ? rowViews(locals.rows, errors) : undefined,
    errors,
  });
}
