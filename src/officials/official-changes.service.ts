import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { createOnce, editRecord, insertRecord, InvalidInputError } from '../db/record-writes';
import { selectRow, selectRows } from '../db/rows';
import { Ministry } from '../ministries/ministry.entity';
import { notFound } from '../web/errors';
import { claimSubmission, completeSubmission, type Scope } from '../web/records';
import { Official, OfficialPosition } from './official.entity';
import type { NewOfficialInput, OfficialNamesInput, PositionInput } from './official.schema';

async function checkMinistry(
  tx: EntityManager,
  ministryId: number,
): Promise<{ name: string; shortName: string | null }> {
  const ministry = await tx
    .getRepository(Ministry)
    .findOne({ select: { name: true, shortName: true }, where: { id: ministryId } });
  if (!ministry) throw new InvalidInputError({ ministryId: 'Choose an entry from the list.' });
  return ministry;
}

/** The official's own columns (the names form); a post is a position row. */
function values(input: OfficialNamesInput) {
  return { fullName: input.fullName, nativeName: input.nativeName ?? null, aliases: input.aliases ?? [] };
}

function position(officialId: number, input: PositionInput) {
  return { officialId, ministryId: input.ministryId, title: input.title, startedOn: input.startedOn };
}

export async function createOfficial(
  db: DataSource,
  scope: Scope,
  input: NewOfficialInput,
  token: string,
): Promise<number> {
  return createOnce(db, scope, 'official', token, async (tx) => {
    await checkMinistry(tx, input.ministryId);
    const v = values(input);
    const id = await insertRecord(tx, Official, v);
    const post = position(id, input);
    await insertRecord(tx, OfficialPosition, post);
    await audit(tx, scope.userId, 'create', 'official', id, null, {
      ...v,
      title: post.title,
      ministryId: post.ministryId,
      startedOn: post.startedOn,
    });
    return id;
  });
}

export async function updateOfficial(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: OfficialNamesInput,
): Promise<void> {
  await editRecord(db, scope, { entity: Official, entityType: 'official', id, version }, values(input));
}

/** The day before a 'YYYY-MM-DD' date, as 'YYYY-MM-DD'. */
function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Records a new position: the open-ended one ends the day before the new one starts. The new
 * start must follow every earlier start and end, so positions never overlap. The official's
 * version is left alone: the names form does not conflict with a change of post.
 */
export async function recordPosition(
  db: DataSource,
  scope: Scope,
  officialId: number,
  input: PositionInput,
  token: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    if ((await claimSubmission(tx, token, scope.userId, 'official_position')) !== null) return;
    const official = await tx
      .getRepository(Official)
      .findOne({ select: { id: true }, where: { id: officialId }, lock: { mode: 'pessimistic_write' } });
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
      const when =
        current?.startedOn === bounds.latest ? 'when the current position began' : 'when the last position ended';
      throw new InvalidInputError({ startedOn: `The new position must start after ${bounds.latest}, ${when}.` });
    }
    const endedOn = dayBefore(input.startedOn);
    const { affected } = await tx
      .createQueryBuilder()
      .update(OfficialPosition)
      .set({ endedOn })
      .where('official_id = :officialId AND ended_on IS NULL', { officialId })
      .execute();
    const positionId = await insertRecord(tx, OfficialPosition, position(officialId, input));
    // Stamps the official as changed; `version` set to itself stops TypeORM bumping it, so an open
    // names form does not conflict with a change of post.
    await tx
      .createQueryBuilder()
      .update(Official)
      .set({ version: () => 'version' })
      .where('id = :officialId', { officialId })
      .execute();
    await completeSubmission(tx, token, positionId);
    await audit(
      tx,
      scope.userId,
      'update',
      'official',
      officialId,
      {
        title: current?.title ?? null,
        ministry: current?.ministry ?? null,
        positionStartedOn: current?.startedOn ?? null,
        previousPositionEndedOn: null,
      },
      {
        title: input.title,
        ministry: ministry.shortName ?? ministry.name,
        positionStartedOn: input.startedOn,
        previousPositionEndedOn: affected ? endedOn : null,
      },
    );
  });
}

export const setOfficialDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'official', id, deleted);
