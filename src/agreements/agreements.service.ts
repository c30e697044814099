import { In, type DataSource, type EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import { assertValid, createOnce, editRecord, insertRecord } from '../db/record-writes';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { chainError, visibleChain } from '../web/chains';
import { StaleEditError, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import { Agreement, AgreementParty } from './agreement.entity';
import type { AgreementInput } from './agreement.schema';

export { agreementRelations, findAgreement, listAgreements, type AgreementRow } from './agreements.queries';

const PICK = 'Choose an entry from the list.';

/** Choices for agreement selects in other forms: live agreements the user may see, as "title (year)". */
export { negotiationOptions as negotiationChoices } from '../negotiations/negotiations.service';

/** The agreement's columns, as saved, updated and audited. */
function values(input: AgreementInput) {
  return {
    title: input.title,
    kind: input.kind,
    status: input.status,
    signedOn: input.signedOn ?? null,
    inForceOn: input.inForceOn ?? null,
    parentId: input.parentId ?? null,
    negotiationId: input.negotiationId ?? null,
    summary: input.summary ?? null,
    classification: input.classification,
  };
}

/** The parties as the audit records them: ministry ids, sorted. */
const parties = (input: AgreementInput) => ({ partyIds: [...input.partyIds].sort((a, b) => a - b) });

type Stored = ReturnType<typeof values> & ReturnType<typeof parties>;

async function isVisible(tx: EntityManager, scope: Scope, id: number): Promise<boolean> {
  return tx.getRepository(Agreement).existsBy({ id, classification: In(scope.levels) });
}

/** Every reference must point at something live and visible; a value kept from before stays valid. */
async function referenceErrors(
  tx: EntityManager,
  scope: Scope,
  id: number | null,
  v: Stored,
  before?: Stored,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const live = await tx.getRepository(Ministry).find({ select: { id: true }, where: { id: In(v.partyIds) } });
  if (v.partyIds.some((p) => !before?.partyIds.includes(p) && !live.some((m) => m.id === p)))
    errors.partyIds = 'Choose the parties from the list.';
  if (v.negotiationId && v.negotiationId !== before?.negotiationId) {
    if (!(await tx.getRepository(Negotiation).existsBy({ id: v.negotiationId }))) errors.negotiationId = PICK;
  }
  // A link kept as it was creates no new cycle; a new agreement has nothing amending it to loop through.
  if (v.parentId && v.parentId !== before?.parentId) {
    if (!(await isVisible(tx, scope, v.parentId))) errors.parentId = PICK;
    else if (id !== null) {
      const error = chainError(await visibleChain(tx, scope, 'agreements', 'parent_id', v.parentId), id, {
        cycle: 'An agreement cannot amend itself or an agreement that amends it.',
        hidden: (name) =>
          `${name} amends an agreement you may not see, so this chain cannot be checked; choose another agreement.`,
      });
      if (error) errors.parentId = error;
    }
  }
  if (!scope.levels.includes(v.classification))
    errors.classification = 'Choose a classification up to your own clearance.';
  return errors;
}

async function setParties(tx: EntityManager, agreementId: number, partyIds: number[]): Promise<void> {
  const repository = tx.getRepository(AgreementParty);
  await repository.delete({ agreementId });
  if (partyIds.length) await repository.insert(partyIds.map((ministryId) => ({ agreementId, ministryId })));
}

async function partiesOf(tx: EntityManager, agreementId: number): Promise<{ partyIds: number[] }> {
  const rows = await tx
    .getRepository(AgreementParty)
    .find({ select: { ministryId: true }, where: { agreementId }, order: { ministryId: 'ASC' } });
  return { partyIds: rows.map((p) => p.ministryId) };
}

export async function recordAgreement(
  db: DataSource,
  scope: Scope,
  input: AgreementInput,
  token: string,
): Promise<number> {
  return createOnce(db, scope, 'agreement', token, async (tx) => {
    const v = values(input);
    const p = parties(input);
    assertValid(await referenceErrors(tx, scope, null, { ...v, ...p }));
    const id = await insertRecord(tx, Agreement, { ...v, createdBy: scope.userId });
    await setParties(tx, id, p.partyIds);
    await audit(tx, scope.userId, 'create', 'agreement', id, null, { ...v, ...p });
    return id;
  });
}

/** Answers how many commitments quoting the agreement were raised with it. */
export async function updateAgreement(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: AgreementInput,
): Promise<number> {
  const v = values(input);
  const p = parties(input);
  const raised = await editRecord(db, scope, { entity: Agreement, entityType: 'agreement', id, version }, v, {
    children: { read: (tx) => partiesOf(tx, id), write: (tx) => setParties(tx, id, p.partyIds), values: p },
    check: async (tx, before) => {
      // Above the user's clearance now (raised meanwhile): as if it were gone.
      if (!scope.levels.includes(before.classification)) throw new StaleEditError({});
      // An agreement above the user's clearance is not in their list; keep the link they cannot see.
      const parentId =
        before.parentId && v.parentId === null && !(await isVisible(tx, scope, before.parentId))
          ? before.parentId
          : v.parentId;
      assertValid(await referenceErrors(tx, scope, id, { ...v, parentId, ...p }, before));
      return { parentId };
    },
    after: (tx) => raiseQuotingCommitments(tx, scope.userId, 'agreement', id, v.classification),
  });
  return raised ?? 0;
}

export const setAgreementDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'agreement', id, deleted);
