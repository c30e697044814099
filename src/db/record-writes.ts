import type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsSelect,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { audit } from '../audit/audit.service';
import { claimSubmission, completeSubmission, StaleEditError, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';

// The ordinary writes of every record type, through TypeORM's repositories and query builder.
// The entities' @VersionColumn and @UpdateDateColumn make every UPDATE here bump `version` and
// stamp `updated_at`; @DeleteDateColumn makes the repositories skip soft-deleted rows.

/**
 * The one form error: input that parsed but that the record cannot take (a reference to a
 * missing, deleted or hidden record, a level above the user's clearance, a duplicate reference).
 * Routes answer it with the form again, 422, and every field's message.
 */
export class InvalidInputError extends Error {
  constructor(readonly errors: FieldErrors) {
    super('The form refers to records that do not exist or may not be used');
  }
}

/** Throws InvalidInputError when any check found something; the checks' messages are keyed by field. */
export function assertValid(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
}

export interface Identified extends ObjectLiteral {
  id: number;
}

/**
 * A new-form submission, once: claims the form's token, runs `save` (which inserts and audits)
 * and records the new id against the token, all in one transaction. A second submission of the
 * same form answers the first one's id and saves nothing.
 */
export async function createOnce(
  db: DataSource,
  scope: Scope,
  entityType: string,
  token: string,
  save: (tx: EntityManager) => Promise<number>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, entityType);
    if (earlier !== null) return earlier;
    const id = await save(tx);
    await completeSubmission(tx, token, id);
    return id;
  });
}

/**
 * Inserts one row and answers its generated id. `RETURNING id` only: the repository's insert
 * would also return every defaulted and generated column, the search vector included.
 */
export async function insertRecord<E extends Identified>(
  tx: EntityManager,
  entity: EntityTarget<E>,
  values: QueryDeepPartialEntity<E>,
): Promise<number> {
  const result = await tx
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(values)
    .updateEntity(false)
    .returning('id')
    .execute();
  return (result.raw as { id: number }[])[0].id;
}

/** Locks the row (FOR UPDATE) for the rest of the transaction and answers the given columns, or undefined when it does not exist. */
export async function lockRow<E extends Identified, K extends keyof E>(
  tx: EntityManager,
  entity: EntityTarget<E>,
  id: number,
  columns: readonly K[],
): Promise<Pick<E, K> | undefined> {
  const select = Object.fromEntries(columns.map((c) => [c, true])) as FindOptionsSelect<E>;
  const row = await tx
    .getRepository(entity)
    .findOne({ select, where: { id } as FindOptionsWhere<E>, lock: { mode: 'pessimistic_write' } });
  return row ?? undefined;
}

/**
 * The stale-edit rule, step one: locks the live record (FOR UPDATE) and answers the given
 * columns as they are now. Throws StaleEditError when the record is gone or its version is not
 * the one the form was based on; the error carries the current values for the 409 page.
 */
export async function lockForEdit<E extends Identified, K extends keyof E & string>(
  tx: EntityManager,
  entity: EntityTarget<E>,
  id: number,
  version: number,
  columns: readonly K[],
): Promise<Pick<E, K>> {
  const current = await lockRow(tx, entity, id, [...columns, 'version']);
  if (!current) throw new StaleEditError({});
  if (current.version !== version) throw new StaleEditError(current);
  const before = {} as Pick<E, K>;
  for (const column of columns) before[column] = current[column];
  return before;
}

/**
 * The stale-edit rule, step two: `UPDATE … WHERE id AND version` (the version column is bumped
 * by TypeORM). Nothing matched means someone else saved first: StaleEditError, and the caller's
 * transaction rolls back.
 */
export async function updateRecord<E extends Identified>(
  tx: EntityManager,
  entity: EntityTarget<E>,
  id: number,
  version: number,
  values: QueryDeepPartialEntity<E>,
): Promise<void> {
  const result = await tx
    .createQueryBuilder()
    .update(entity)
    .set(values)
    .where('id = :id AND version = :version', { id, version })
    .execute();
  if (!result.affected) throw new StaleEditError({});
}

/**
 * Rows that belong to the record and are written with it (a meeting's participants, an
 * agreement's parties): `read` answers them as they are (for the check and the audit's before
 * side), `write` replaces them, `values` are the new ones as the audit records them.
 */
export interface ChildRows<C extends object> {
  read: (tx: EntityManager) => Promise<C>;
  write: (tx: EntityManager) => Promise<void>;
  values: C;
}

export interface EditHooks<E extends Identified, K extends keyof E & string, R, C extends object> {
  /**
   * The domain's rules (which throw InvalidInputError), given the record as it was. It may answer
   * columns that can only be settled now, from the record as it was or from rows read in the
   * transaction (a maker's title on the day, a link the user may not see); they are saved too.
   */
  check?: (tx: EntityManager, before: Pick<E, K> & C) => Promise<Partial<Pick<E, K>> | void>;
  children?: ChildRows<C>;
  /** Runs last, given the record as it was (raising quoting commitments, notices). */
  after?: (tx: EntityManager, before: Pick<E, K> & C) => Promise<R>;
}

/**
 * An ordinary edit in one transaction: lock and check the version, run the domain's `check`
 * (reference rules, which throw InvalidInputError), update, replace the child rows, audit the
 * columns that changed. `after` runs last in the same transaction (raising quoting commitments)
 * and its answer is returned.
 */
export async function editRecord<E extends Identified, K extends keyof E & string, R = void, C extends object = object>(
  db: DataSource,
  scope: Scope,
  spec: { entity: EntityTarget<E>; entityType: string; id: number; version: number },
  values: Pick<E, K>,
  hooks: EditHooks<E, K, R, C> = {},
): Promise<R | undefined> {
  return db.transaction(async (tx) => {
    const columns = await lockForEdit(tx, spec.entity, spec.id, spec.version, Object.keys(values) as K[]);
    const before = { ...columns, ...(await hooks.children?.read(tx)) } as Pick<E, K> & C;
    const settled = { ...values, ...(await hooks.check?.(tx, before)) };
    await updateRecord(tx, spec.entity, spec.id, spec.version, settled as unknown as QueryDeepPartialEntity<E>);
    await hooks.children?.write(tx);
    await audit(tx, scope.userId, 'update', spec.entityType, spec.id, before, {
      ...settled,
      ...hooks.children?.values,
    });
    return hooks.after?.(tx, before);
  });
}
