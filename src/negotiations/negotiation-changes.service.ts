import type { DataSource, EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { claimSubmission, completeSubmission, StaleEditError, type Scope } from '../web/records';
import type { NegotiationStatus } from './negotiation.entity';
import type { NegotiationInput } from './negotiation.schema';

export class InvalidReferenceError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('The form refers to something that cannot be used');
  }
}

/** The parties as the History section shows them: names as they were when the change was made. */
async function partyNames(tx: EntityManager, ids: number[]): Promise<string> {
  const rows = await selectRows<{ label: string }>(
    tx,
    `SELECT coalesce(short_name, name) AS label FROM ministries WHERE id = ANY($1::int[]) AND deleted_at IS NULL ORDER BY country_code, name, id`,
    [ids],
  );
  if (rows.length !== ids.length) throw new InvalidReferenceError({ partyIds: 'Choose entries from the list.' });
  return rows.map((r) => r.label).join(', ');
}

async function setParties(tx: EntityManager, id: number, partyIds: number[]): Promise<void> {
  await tx.query(`DELETE FROM negotiation_parties WHERE negotiation_id = $1`, [id]);
  await tx.query(`INSERT INTO negotiation_parties (negotiation_id, ministry_id) SELECT $1, unnest($2::int[])`, [id, partyIds]);
}

export async function createNegotiation(db: DataSource, scope: Scope, input: NegotiationInput, token: string): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, 'negotiation');
    if (earlier !== null) return earlier;
    const parties = await partyNames(tx, input.partyIds);
    const row = (await selectRow<{ id: number }>(tx, `INSERT INTO negotiations (title, status, summary, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      input.title,
      input.status,
      input.summary ?? null,
      scope.userId,
    ]))!;
    await setParties(tx, row.id, input.partyIds);
    await completeSubmission(tx, token, row.id);
    await audit(tx, scope.userId, 'create', 'negotiation', row.id, null, { title: input.title, status: input.status, summary: input.summary ?? null, parties });
    return row.id;
  });
}

/** The edited columns as the row holds them before the update (a type, so StaleEditError takes it as a record). */
type NegotiationBefore = { title: string; status: NegotiationStatus; summary: string | null; version: number };

export async function updateNegotiation(db: DataSource, scope: Scope, id: number, version: number, input: NegotiationInput): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await selectRow<NegotiationBefore>(tx, `SELECT title, status, summary, version FROM negotiations WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
    if (!before) throw new StaleEditError({});
    if (before.version !== version) throw new StaleEditError(before);
    // An aggregate without GROUP BY: always one row.
    const old = (await selectRow<{ parties: string }>(
      tx,
      `SELECT coalesce(string_agg(coalesce(m.short_name, m.name), ', ' ORDER BY m.country_code, m.name, m.id), '') AS parties
         FROM negotiation_parties np JOIN ministries m ON m.id = np.ministry_id WHERE np.negotiation_id = $1`,
      [id],
    ))!;
    const parties = await partyNames(tx, input.partyIds);
    await tx.query(`UPDATE negotiations SET title = $3, status = $4, summary = $5, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [
      id,
      version,
      input.title,
      input.status,
      input.summary ?? null,
    ]);
    await setParties(tx, id, input.partyIds);
    await audit(
      tx,
      scope.userId,
      'update',
      'negotiation',
      id,
      { title: before.title, status: before.status, summary: before.summary, parties: old.parties },
      { title: input.title, status: input.status, summary: input.summary ?? null, parties },
    );
  });
}

export const setNegotiationDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'negotiation', id, deleted);
