import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';
import type { Scope } from '../web/records';
import { filterSql, statusSql, type Filters } from './open-commitments';

export const CSV_COLUMNS = ['id', 'text', 'made_by', 'party', 'counterpart', 'strength', 'made_on', 'due_on', 'status', 'last_follow_up_on', 'owner', 'source'] as const;
const MAX_CONCURRENT_EXPORTS = 3;
let running = 0;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab,
 * carriage return) is prefixed with ' so spreadsheets show it as text instead of running it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: unknown[]) => `${values.map(csvCell).join(',')}\r\n`;

export class ExportBusyError extends Error {}

/**
 * Streams every matching commitment, in id order, through a cursor on a connection of its own
 * (no pool read timeout, no statement timeout cut-off), so memory stays flat at any size.
 */
export async function streamCommitmentsCsv(databaseUrl: string, scope: Scope, homeCountry: string, filters: Filters, res: Response): Promise<void> {
  if (running >= MAX_CONCURRENT_EXPORTS) throw new ExportBusyError('Too many exports are running; try again in a minute.');
  running += 1;
  const client = new Client({ connectionString: databaseUrl, application_name: 'demarche-csv', statement_timeout: 600_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const params: unknown[] = [];
    const where = `${statusSql(filters)} AND ${filterSql(filters, scope, homeCountry, params)}`;
    const query = new QueryStream(
      `SELECT c.id, c.text, coalesce(o.full_name || coalesce(', ' || c.made_by_title, ''), '') AS made_by, p.name AS party, cp.name AS counterpart,
              c.strength, to_char(c.made_on, 'YYYY-MM-DD') AS made_on, to_char(c.due_on, 'YYYY-MM-DD') AS due_on, c.status,
              to_char(c.last_follow_up_on, 'YYYY-MM-DD') AS last_follow_up_on, u.name AS owner,
              CASE c.source_type WHEN 'meeting' THEN 'meeting ' || c.meeting_id WHEN 'note' THEN 'note ' || c.note_id
                                 WHEN 'agreement' THEN 'agreement ' || c.agreement_id ELSE c.source_url END AS source
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
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="commitments.csv"', 'Cache-Control': 'no-store' });
    res.write(csvLine([...CSV_COLUMNS]));
    const toCsv = new Transform({
      writableObjectMode: true,
      transform(row: Record<string, unknown>, _enc, done) {
        done(null, csvLine(CSV_COLUMNS.map((c) => row[c])));
      },
    });
    await pipeline(rows, toCsv, res);
  } finally {
    running -= 1;
    await client.end().catch(() => {});
  }
}
