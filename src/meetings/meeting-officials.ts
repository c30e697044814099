import type { DataSource } from 'typeorm';
import { InvalidInputError } from '../db/record-writes';
import { createOfficial } from '../officials/official-changes.service';
import { newOfficialSchema } from '../officials/official.schema';
import { parseForm } from '../web/forms';
import { newSubmissionToken, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';

// "Add an official" on the meeting form, for a browser without JavaScript: the whole form is
// posted, the official is saved, and the form comes back with everything typed and the new
// official among the participants.

export interface NewOfficialState {
  values: Record<string, string>;
  errors: FieldErrors;
  submission: string;
  open: boolean;
  added?: string;
}

export const blankNewOfficial = (): NewOfficialState => ({
  values: {},
  errors: {},
  submission: newSubmissionToken(),
  open: false,
});

function posted(body: unknown): Record<string, string> {
  const raw = (body as { newOfficial?: unknown } | undefined)?.newOfficial;
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [key, value] of Object.entries(raw))
    if (
      typeof value === 'string' &&
      ['fullName', 'nativeName', 'title', 'ministryId', 'startedOn', '_submission'].includes(key)
    )
      out[key] = value;
  return out;
}

/** The new official's fields as typed, to show again when the meeting form is re-shown for another reason. */
export function typedNewOfficial(body: unknown): NewOfficialState {
  const values = posted(body);
  const typed = ['fullName', 'nativeName', 'title', 'ministryId', 'startedOn'].some((k) => values[k]?.trim());
  return {
    values,
    errors: {},
    submission:
      values._submission && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values._submission)
        ? values._submission
        : newSubmissionToken(),
    open: typed,
  };
}

/** Saves the official typed on the meeting form (its post starting on the meeting's date unless given). */
export async function addOfficialFromMeetingForm(
  db: DataSource,
  scope: Scope,
  body: unknown,
  heldOn: unknown,
): Promise<{ id?: number; state: NewOfficialState }> {
  const state = typedNewOfficial(body);
  const values = { ...state.values };
  if (!values.startedOn?.trim() && typeof heldOn === 'string') values.startedOn = heldOn;
  const parsed = parseForm(newOfficialSchema, values);
  if (!parsed.ok) return { state: { ...state, errors: parsed.errors, open: true } };
  try {
    const id = await createOfficial(db, scope, parsed.data, state.submission);
    return {
      id,
      state: {
        ...blankNewOfficial(),
        added: `${parsed.data.fullName} was added to the records and to the participants.`,
      },
    };
  } catch (err) {
    if (err instanceof InvalidInputError) return { state: { ...state, errors: err.errors, open: true } };
    throw err;
  }
}
