import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';
import type { Scope } from '../web/records';
import { filterSql, statusSql, type Filters } from './open-commitments';

export const CSV_COLUMNS = [
  'id',
  'text',
  'made_by',
  'party',
  'counterpart',
  'strength',
  'made_on',
  'due_on',
  'status',
  'last_follow_up_on',
  'owner',
  'source',
] as const;
/** Excel reads a CSV without a byte-order mark as the machine's code page (Børge becomes BÃ¸rge). */
export const BOM = '\uFEFF';

/** What a cell holds: the export's columns are text, the id a number, and absent values null. */
export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab,
 * carriage return) is prefixed with ' so spreadsheets show it as text instead of running it.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: CsvValue[]) => `${values.map(csvCell).join(',')}\r\n`;

/** Refused before any work: the user already has as many exports running as allowed. */
export class ExportBusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface ExportLimits {
  /** Exports one user may have running at once; their next one is refused (429). */
  perUser: number;
  /** Exports the process runs at once, whoever asks (each holds a database connection). */
  total: number;
  /** An export whose client has not taken any data for this long is ended, with its cursor. */
  stallMs: number;
}

/**
 * Counts running exports per user and in all. The per-user limit is below the total, so one user
 * cannot take every slot; a user's stalled downloads only ever block that user, until they end.
 */
export class ExportSlots {
  readonly #byUser = new Map<number, number>();
  #total = 0;
  constructor(readonly limits: ExportLimits) {}

  acquire(userId: number): () => void {
    const mine = this.#byUser.get(userId) ?? 0;
    const retry = Math.max(1, Math.ceil(this.limits.stallMs / 1000));
    if (mine >= this.limits.perUser)
      throw new ExportBusyError(
        `You already have ${mine} downloads running. Wait for them to finish, then try again.`,
        retry,
      );
    if (this.#total >= this.limits.total)
      throw new ExportBusyError('Too many downloads are running; try again in a minute.', retry);
    this.#byUser.set(userId, mine + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.#byUser.set(userId, left);
      else this.#byUser.delete(userId);
    };
  }
}

/**
 * Ends the response when its client has stopped taking data: the socket has been full (the
 * response waits for 'drain') for `stallMs`. Destroying the response makes the pipeline fail,
 * which destroys the cursor stream; the caller then closes its connection, ending the transaction.
 */
function endWhenStalled(res: Response, stallMs: number): () => void {
  let stalledSince: number | undefined;
  const onDrain = () => {
    stalledSince = undefined;
  };
  res.on('drain', onDrain);
  const timer = setInterval(
    () => {
      if (!res.writableNeedDrain) {
        stalledSince = undefined;
        return;
      }
      stalledSince ??= Date.now();
      if (Date.now() - stalledSince >= stallMs) res.destroy(new Error(`CSV export stalled for ${stallMs} ms`));
    },
    Math.max(50, Math.min(1000, Math.floor(stallMs / 4))),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    res.off('drain', onDrain);
  };
}

const label = (column: string) => `replace(${column}, '_', ' ')`;

/**
 * Streams every matching commitment, in id order, through a cursor on a connection of its own
 * (no pool read timeout, no statement timeout cut-off), so memory stays flat at any size.
 * Values are written as a reader knows them: `will consider`, `in progress`, `Meeting: <title>`.
 */
export async function streamCommitmentsCsv(
  databaseUrl: string,
  scope: Scope,
  homeCountry: string,
  filters: Filters,
  res: Response,
  stallMs: number,
): Promise<void> {
  const client = new Client({
    connectionString: databaseUrl,
    application_name: 'demarche-csv',
    statement_timeout: 600_000,
  });
  client.on('error', () => {});
  const stopWatching = endWhenStalled(res, stallMs);
  try {
    await client.connect();
    const params: unknown[] = [];
    const where = `${statusSql(filters)} AND ${filterSql(filters, scope, homeCountry, params)}`;
    const levels = `$${params.push(scope.levels)}::text[]`;
    const source = (table: string, column: string, key: string) =>
      `(SELECT s.${column} FROM ${table} s WHERE s.id = c.${key} AND s.classification = ANY(${levels}) AND s.deleted_at IS NULL)`;
    const query = new QueryStream(
      `SELECT c.id, c.text, coalesce(o.full_name || coalesce(', ' || c.made_by_title, ''), '') AS made_by, p.name AS party, cp.name AS counterpart,
              ${label('c.strength')} AS strength, to_char(c.made_on, 'YYYY-MM-DD') AS made_on, to_char(c.due_on, 'YYYY-MM-DD') AS due_on, ${label('c.status')} AS status,
              to_char(c.last_follow_up_on, 'YYYY-MM-DD') AS last_follow_up_on, u.name AS owner,
              CASE c.source_type WHEN 'meeting' THEN 'Meeting' || coalesce(': ' || ${source('meetings', 'title', 'meeting_id')}, '')
                                 WHEN 'note' THEN 'Note' || coalesce(': ' || ${source('notes', 'reference', 'note_id')}, '')
                                 WHEN 'agreement' THEN 'Agreement' || coalesce(': ' || ${source('agreements', 'title', 'agreement_id')}, '')
                                 ELSE 'Statement: ' || c.source_url END AS source
         FROM commitments c
         JOIN ministries p ON p.id = c.party_id
         JOIN ministries cp ON cp.id = c.counterpart_id
         LEFT JOIN officials o ON o.id = c.made_by_id
         LEFT JOIN users u ON u.id = c.owner_id
        WHERE ${where}
        ORDER BY c.id`,
      params,
      { batchSize: 1000 },
    );
    const rows = client.query(query) as unknown as Readable;
    res.status(200);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="commitments.csv"',
      'Cache-Control': 'no-store',
    });
    res.write(BOM + csvLine([...CSV_COLUMNS]));
    const toCsv = new Transform({
      writableObjectMode: true,
      transform(row: Record<(typeof CSV_COLUMNS)[number], CsvValue>, _enc, done) {
        done(null, csvLine(CSV_COLUMNS.map((c) => row[c])));
      },
    });
    await pipeline(rows, toCsv, res);
  } finally {
    stopWatching();
    await client.end().catch(() => {});
  }
}
