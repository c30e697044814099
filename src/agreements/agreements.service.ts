import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { selectRow, selectRows } from '../db/rows';
import { audit } from '../audit/audit.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import { chainError, visibleChain } from '../web/chains';
import { claimSubmission, completeSubmission, StaleEditError, visibleTo, type Scope } from '../web/records';
import type { AgreementInput } from './agreement.schema';

export { agreementRelations, findAgreement, listAgreements, type AgreementRow } from './agreements.queries';

export class InvalidReferenceError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('A referenced record does not exist');
  }
}

const PICK = 'Choose an entry from the list.';

/** Choices for agreement selects in other forms: live agreements the user may see, as "title (year)". */
export { negotiationOptions as negotiationChoices } from '../negotiations/negotiations.service';

type Stored = ReturnType<typeof values>;

function values(input: AgreementInput) {
  return {
    title: input.title,
    kind: input.kind,
    status: input.status,
    signedOn: input.signedOn ?? null,
    inForceOn: input.inForceOn ?? null,
    partyIds: [...input.partyIds].sort((a, b) => a - b),
    parentId: input.parentId ?? null,
    negotiationId: input.negotiationId ?? null,
    summary: input.summary ?? null,
    classification: input.classification,
  };
}

async function isVisible(tx: EntityManager, scope: Scope, id: number): Promise<boolean> {
  const params: unknown[] = [id];
  return (await selectRows<Record<string, unknown>>(tx, `SELECT 1 FROM agreements a WHERE a.id = $1 AND ${visibleTo(scope, 'a', params)}`, params)).length > 0;
}

/** Every reference must point at something live and visible; a value kept from before stays valid. */
async function referenceErrors(tx: EntityManager, scope: Scope, id: number | null, v: Stored, before?: Stored): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const live = await selectRows<{ id: number }>(tx, `SELECT id FROM ministries WHERE id = ANY($1::int[]) AND deleted_at IS NULL`, [v.partyIds]);
  if (v.partyIds.some((p) => !before?.partyIds.includes(p) && !live.some((m) => m.id === p))) errors.partyIds = 'Choose the parties from the list.';
  if (v.negotiationId && v.negotiationId !== before?.negotiationId) {
    const negotiation = await selectRow<Record<string, unknown>>(tx, `SELECT 1 FROM negotiations WHERE id = $1 AND deleted_at IS NULL`, [v.negotiationId]);
    if (!negotiation) errors.negotiationId = PICK;
  }
  // A link kept as it was creates no new cycle; a new agreement has nothing amending it to loop through.
  if (v.parentId && v.parentId !== before?.parentId) {
    if (!(await isVisible(tx, scope, v.parentId))) errors.parentId = PICK;
    else if (id !== null) {
      const error = chainError(await visibleChain(tx, scope, 'agreements', 'parent_id', v.parentId), id, {
        cycle: 'An agreement cannot amend itself or an agreement that amends it.',
        hidden: (name) => `${name} amends an agreement you may not see, so this chain cannot be checked; choose another agreement.`,
      });
      if (error) errors.parentId = error;
    }
  }
  if (!scope.levels.includes(v.classification)) errors.classification = 'Choose a classification up to your own clearance.';
  return errors;
}

async function setParties(tx: EntityManager, id: number, partyIds: number[]): Promise<void> {
  await tx.query(`DELETE FROM agreement_parties WHERE agreement_id = $1`, [id]);
  await tx.query(`INSERT INTO agreement_parties (agreement_id, ministry_id) SELECT $1, unnest($2::int[])`, [id, partyIds]);
}

export async function recordAgreement(db: DataSource, scope: Scope, input: AgreementInput, token: string): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, 'agreement');
    if (earlier !== null) return earlier;
    const v = values(input);
    const errors = await referenceErrors(tx, scope, null, v);
    if (Object.keys(errors).length) throw new InvalidReferenceError(errors);
    const [row] = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO agreements (title, kind, status, signed_on, in_force_on, parent_id, negotiation_id, summary, classification, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [v.title, v.kind, v.status, v.signedOn, v.inForceOn, v.parentId, v.negotiationId, v.summary, v.classification, scope.userId],
    );
    await setParties(tx, row.id, v.partyIds);
    await completeSubmission(tx, token, row.id);
    await audit(tx, scope.userId, 'create', 'agreement', row.id, null, v);
    return row.id;
  });
}

const STORED = `title, kind, status, signed_on::text AS "signedOn", in_force_on::text AS "inForceOn",
  ARRAY(SELECT ministry_id FROM agreement_parties WHERE agreement_id = a.id ORDER BY ministry_id) AS "partyIds",
  parent_id AS "parentId", negotiation_id AS "negotiationId", summary, classification, version`;

/** Answers how many commitments quoting the agreement were raised with it. */
export async function updateAgreement(db: DataSource, scope: Scope, id: number, version: number, input: AgreementInput): Promise<number> {
  return db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const current = await selectRow<Stored & { version: number }>(tx, `SELECT ${STORED} FROM agreements a WHERE a.id = $1 AND ${visibleTo(scope, 'a', params)} FOR UPDATE`, params);
    if (!current) throw new StaleEditError({});
    if (current.version !== version) throw new StaleEditError(current);
    const { version: _v, ...before } = current;
    const v = values(input);
    // An agreement above the user's clearance is not in their list; keep the link they cannot see.
    if (before.parentId && v.parentId === null && !(await isVisible(tx, scope, before.parentId))) v.parentId = before.parentId;
    const errors = await referenceErrors(tx, scope, id, v, before);
    if (Object.keys(errors).length) throw new InvalidReferenceError(errors);
    await tx.query(
      `UPDATE agreements SET title = $3, kind = $4, status = $5, signed_on = $6, in_force_on = $7, parent_id = $8, negotiation_id = $9,
              summary = $10, classification = $11, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [id, version, v.title, v.kind, v.status, v.signedOn, v.inForceOn, v.parentId, v.negotiationId, v.summary, v.classification],
    );
    await setParties(tx, id, v.partyIds);
    await audit(tx, scope.userId, 'update', 'agreement', id, before, v);
    return raiseQuotingCommitments(tx, scope.userId, 'agreement', id, v.classification);
  });
}

export const setAgreementDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'agreement', id, deleted);
