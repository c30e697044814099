import { z } from 'zod';
import { aliasList, optionalText, requiredDate, requiredId, requiredText } from '../web/form-fields';

const names = {
  fullName: requiredText('the full name', 200),
  nativeName: optionalText('the native name', 200),
  aliases: aliasList(),
};

export const positionSchema = z.object({
  title: requiredText('the title', 200),
  ministryId: requiredId('the ministry'),
  startedOn: requiredDate('the start date'),
});
export type PositionInput = z.infer<typeof positionSchema>;

/** The new form: the names and the official's first position. */
export const newOfficialSchema = positionSchema.extend(names);
export type NewOfficialInput = z.infer<typeof newOfficialSchema>;

/** The edit form: only the names; positions change through POST /officials/:id/positions. */
export const officialNamesSchema = z.object(names);
export type OfficialNamesInput = z.infer<typeof officialNamesSchema>;

export const OFFICIAL_LABELS: Record<keyof OfficialNamesInput, string> = {
  fullName: 'Full name',
  nativeName: 'Native name',
  aliases: 'Other names',
};
