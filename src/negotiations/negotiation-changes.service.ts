import { In, type DataSource, type EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { createOnce, insertRecord, InvalidInputError, lockForEdit, updateRecord } from '../db/record-writes';
import { selectRow } from '../db/rows';
import { Ministry } from '../ministries/ministry.entity';
import type { Scope } from '../web/records';
import { Negotiation, NegotiationParty } from './negotiation.entity';
import type { NegotiationInput } from './negotiation.schema';

/** The parties as the History section shows them: names as they were when the change was made. */
async function partyNames(tx: EntityManager, ids: number[]): Promise<string> {
  const parties = await tx.getRepository(Ministry).find({
    select: { id: true, name: true, shortName: true },
    where: { id: In(ids) },
    order: { countryCode: 'ASC', name: 'ASC', id: 'ASC' },
  });
  if (parties.length !== ids.length) throw new InvalidInputError({ partyIds: 'Choose entries from the list.' });
  return parties.map((m) => m.shortName ?? m.name).join(', ');
}

/** The parties as they are before an edit, deleted ministries included. */
async function currentPartyNames(tx: EntityManager, id: number): Promise<string> {
  // An aggregate without GROUP BY: always one row.
  const row = await selectRow<{ parties: string }>(
    tx,
    `SELECT coalesce(string_agg(coalesce(m.short_name, m.name), ', ' ORDER BY m.country_code, m.name, m.id), '') AS parties
       FROM negotiation_parties np JOIN ministries m ON m.id = np.ministry_id WHERE np.negotiation_id = $1`,
    [id],
  );
  return row!.parties;
}

async function setParties(tx: EntityManager, negotiationId: number, partyIds: number[]): Promise<void> {
  const parties = tx.getRepository(NegotiationParty);
  await parties.delete({ negotiationId });
  if (partyIds.length) await parties.insert(partyIds.map((ministryId) => ({ negotiationId, ministryId })));
}

function values(input: NegotiationInput) {
  return { title: input.title, status: input.status, summary: input.summary ?? null };
}

export async function createNegotiation(
  db: DataSource,
  scope: Scope,
  input: NegotiationInput,
  token: string,
): Promise<number> {
  return createOnce(db, scope, 'negotiation', token, async (tx) => {
    const parties = await partyNames(tx, input.partyIds);
    const v = values(input);
    const id = await insertRecord(tx, Negotiation, { ...v, createdBy: scope.userId });
    await setParties(tx, id, input.partyIds);
    await audit(tx, scope.userId, 'create', 'negotiation', id, null, { ...v, parties });
    return id;
  });
}

export async function updateNegotiation(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: NegotiationInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const v = values(input);
    const before = await lockForEdit(tx, Negotiation, id, version, ['title', 'status', 'summary']);
    const oldParties = await currentPartyNames(tx, id);
    const parties = await partyNames(tx, input.partyIds);
    await updateRecord(tx, Negotiation, id, version, v);
    await setParties(tx, id, input.partyIds);
    await audit(tx, scope.userId, 'update', 'negotiation', id, { ...before, parties: oldParties }, { ...v, parties });
  });
}

export const setNegotiationDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'negotiation', id, deleted);
