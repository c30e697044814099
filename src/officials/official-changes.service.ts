import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { execute, selectRow, selectRows } from '../db/rows';
import { notFound } from '../web/errors';
import { claimSubmission, completeSubmission, StaleEditError, type Scope } from '../web/records';
import type { NewOfficialInput, OfficialNamesInput, PositionInput } from './official.schema';

export class InvalidReferenceError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('The form refers to something that cannot be used');
  }
}

async function checkMinistry(tx: EntityManager, ministryId: number): Promise<{ name: string; shortName: string | null }> {
  const row = await selectRow<{ name: string; shortName: string | null }>(tx, `SELECT name, short_name AS "shortName" FROM ministries WHERE id = $1 AND deleted_at IS NULL`, [ministryId]);
  if (!row) throw new InvalidReferenceError({ ministryId: 'Choose an entry from the list.' });
  return row;
}

function names(input: OfficialNamesInput) {
  return { fullName: input.fullName, nativeName: input.nativeName ?? null, aliases: input.aliases ?? [] };
}

export async function createOfficial(db: DataSource, scope: Scope, input: NewOfficialInput, token: string): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, 'official');
    if (earlier !== null) return earlier;
    await checkMinistry(tx, input.ministryId);
    const v = { ...names(input), title: input.title, ministryId: input.ministryId, startedOn: input.startedOn };
    const [row] = await selectRows<{ id: number }>(tx, `INSERT INTO officials (full_name, native_name, aliases) VALUES ($1, $2, $3) RETURNING id`, [v.fullName, v.nativeName, v.aliases]);
    await execute(tx, `INSERT INTO official_positions (official_id, ministry_id, title, started_on) VALUES ($1, $2, $3, $4)`, [row.id, v.ministryId, v.title, v.startedOn]);
    await completeSubmission(tx, token, row.id);
    await audit(tx, scope.userId, 'create', 'official', row.id, null, v);
    return row.id;
  });
}

/** The names as they were, for the stale-edit answer and the audit trail. */
type OfficialBefore = { fullName: string; nativeName: string | null; aliases: string[]; version: number };

export async function updateOfficial(db: DataSource, scope: Scope, id: number, version: number, input: OfficialNamesInput): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await selectRow<OfficialBefore>(
      tx,
      `SELECT full_name AS "fullName", native_name AS "nativeName", aliases, version FROM officials WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!before) throw new StaleEditError({});
    if (before.version !== version) throw new StaleEditError(before);
    const v = names(input);
    await execute(tx, `UPDATE officials SET full_name = $3, native_name = $4, aliases = $5, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [
      id,
      version,
      v.fullName,
      v.nativeName,
      v.aliases,
    ]);
    const { version: _v, ...old } = before;
    await audit(tx, scope.userId, 'update', 'official', id, old, v);
  });
}

/**
 * Records a new position: the open-ended one ends the day before the new one starts. The new
 * start must follow every earlier start and end, so positions never overlap. The official's
 * version is left alone: the names form does not conflict with a change of post.
 */
export async function recordPosition(db: DataSource, scope: Scope, officialId: number, input: PositionInput, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    if ((await claimSubmission(tx, token, scope.userId, 'official_position')) !== null) return;
    const official = await selectRow<{ id: number }>(tx, `SELECT id FROM officials WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [officialId]);
    if (!official) throw notFound('official');
    const ministry = await checkMinistry(tx, input.ministryId);
    const current = await selectRow<{ title: string; ministry: string; startedOn: string }>(
      tx,
      `SELECT p.title, coalesce(m.short_name, m.name) AS ministry, p.started_on::text AS "startedOn"
         FROM official_positions p JOIN ministries m ON m.id = p.ministry_id
        WHERE p.official_id = $1 AND p.ended_on IS NULL ORDER BY p.started_on DESC, p.id DESC LIMIT 1`,
      [officialId],
    );
    const [bounds] = await selectRows<{ latest: string | null }>(
      tx,
      `SELECT greatest(max(started_on), max(ended_on))::text AS "latest" FROM official_positions WHERE official_id = $1`,
      [officialId],
    );
    if (bounds.latest && input.startedOn <= bounds.latest) {
      const when = current?.startedOn === bounds.latest ? 'when the current position began' : 'when the last position ended';
      throw new InvalidReferenceError({ startedOn: `The new position must start after ${bounds.latest}, ${when}.` });
    }
    const ended = await selectRow<{ endedOn: string }>(
      tx,
      `UPDATE official_positions SET ended_on = $2::date - 1 WHERE official_id = $1 AND ended_on IS NULL RETURNING ended_on::text AS "endedOn"`,
      [officialId, input.startedOn],
    );
    const [position] = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO official_positions (official_id, ministry_id, title, started_on) VALUES ($1, $2, $3, $4) RETURNING id`,
      [officialId, input.ministryId, input.title, input.startedOn],
    );
    await execute(tx, `UPDATE officials SET updated_at = now() WHERE id = $1`, [officialId]);
    await completeSubmission(tx, token, position.id);
    await audit(
      tx,
      scope.userId,
      'update',
      'official',
      officialId,
      { title: current?.title ?? null, ministry: current?.ministry ?? null, positionStartedOn: current?.startedOn ?? null, previousPositionEndedOn: null },
      { title: input.title, ministry: ministry.shortName ?? ministry.name, positionStartedOn: input.startedOn, previousPositionEndedOn: ended?.endedOn ?? null },
    );
  });
}

export const setOfficialDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'official', id, deleted);
