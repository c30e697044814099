import { z } from 'zod';
import {
  choice,
  idList,
  optionalDate,
  optionalId,
  optionalText,
  requiredText,
  submissionField,
  versionField,
} from '../web/form-fields';
import { CLASSIFICATION_VALUES } from '../notes/note.schema';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES } from './agreement.entity';

const agreementFields = z.object({
  title: requiredText('a title', 300),
  kind: choice(AGREEMENT_KINDS, 'kind'),
  status: choice(AGREEMENT_STATUSES, 'status'),
  signedOn: optionalDate(),
  inForceOn: optionalDate(),
  partyIds: idList(50).refine((ids) => ids.length >= 2, 'Choose at least two parties.'),
  parentId: optionalId(),
  negotiationId: optionalId(),
  summary: optionalText('the summary', 20000),
  classification: choice(CLASSIFICATION_VALUES, 'classification'),
});
export type AgreementInput = z.infer<typeof agreementFields>;

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

function withRules<S extends z.ZodType<AgreementInput>>(schema: S) {
  return schema.refine((v) => !isDate(v.signedOn) || !isDate(v.inForceOn) || v.inForceOn >= v.signedOn, {
    when: () => true,
    path: ['inForceOn'],
    message: 'An agreement cannot enter into force before it was signed.',
  });
}

export const newAgreementSchema = withRules(agreementFields.extend({ _submission: submissionField }));
export const editAgreementSchema = withRules(agreementFields.extend({ version: versionField }));

export const AGREEMENT_LABELS: Record<keyof AgreementInput, string> = {
  title: 'Title',
  kind: 'Kind',
  status: 'Status',
  signedOn: 'Signed on',
  inForceOn: 'In force from',
  partyIds: 'Parties',
  parentId: 'Amends or supplements',
  negotiationId: 'Negotiation',
  summary: 'Summary',
  classification: 'Classification',
};
