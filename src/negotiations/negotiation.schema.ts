import { z } from 'zod';
import { choice, idList, optionalText, requiredText } from '../web/form-fields';
import { NEGOTIATION_STATUSES } from './negotiation.entity';

export const negotiationSchema = z.object({
  title: requiredText('a title', 300),
  status: choice(NEGOTIATION_STATUSES, 'status'),
  summary: optionalText('the summary', 20000),
  partyIds: idList(50).refine((ids) => ids.length >= 2, 'Choose at least two parties.'),
});
export type NegotiationInput = z.infer<typeof negotiationSchema>;

export const NEGOTIATION_LABELS: Record<keyof NegotiationInput, string> = {
  title: 'Title',
  status: 'Status',
  summary: 'Summary',
  partyIds: 'Parties',
};
