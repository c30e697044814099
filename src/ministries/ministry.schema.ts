import { z } from 'zod';
import { aliasList, choice, optionalId, optionalText, requiredText } from '../web/form-fields';
import { MINISTRY_KINDS } from './ministry.entity';

export const ministrySchema = z.object({
  name: requiredText('a name', 200),
  shortName: optionalText('the short name', 40),
  kind: choice(MINISTRY_KINDS, 'kind'),
  countryCode: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() || undefined : v),
    z
      .string({ error: (i) => (i.input === undefined ? 'Enter the country code.' : 'Give a single value.') })
      .regex(/^[A-Z]{2}$/, 'Enter a two-letter ISO country code such as NO or RU.'),
  ),
  parentId: optionalId(),
  aliases: aliasList(),
});
export type MinistryInput = z.infer<typeof ministrySchema>;

export const MINISTRY_LABELS: Record<keyof MinistryInput, string> = {
  name: 'Name',
  shortName: 'Short name',
  kind: 'Kind',
  countryCode: 'Country',
  parentId: 'Part of',
  aliases: 'Other names',
};
