import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { openSql, today } from '../commitments/commitment-status';
import { composeDigest, composeSummary, findRecipient, wants } from '../mail/compose';
import { linkSecret } from '../mail/links';
import { enqueueMail } from '../mail/outbox.service';
import { selectRow } from '../db/rows';

type MailConfig = Pick<Config, 'appUrl' | 'appTimeZone' | 'exportMaxClassification' | 'mailFrom'>;

const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;

/** The Monday of `day`'s week (ISO weeks start on Monday): the digest's period. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes today's owner summaries into the outbox: one per person who has something (overdue, due
 * within 7 days, or to chase today), daily, or on Mondays for those who chose weekly. Each person
 * is one short transaction, and the outbox's unique key makes a second run, or a run on another
 * instance at the same time, write nothing new; a run cut short by a database restart is simply
 * run again.
 */
export async function writeSummaries(
  db: DataSource,
  config: MailConfig,
  day = today(config.appTimeZone),
  logger?: Logger,
): Promise<number> {
  const choices = isMonday(day) ? ['daily', 'weekly'] : ['daily'];
  const owners: { id: number }[] = await db.query(
    `SELECT u.id FROM users u WHERE NOT u.disabled AND u.summaries = ANY($1::text[])
        AND EXISTS (SELECT 1 FROM commitments c WHERE c.owner_id = u.id AND c.deleted_at IS NULL AND ${openSql('c')})
      ORDER BY u.id`,
    [choices],
  );
  const secret = await linkSecret(db);
  let written = 0;
  for (const { id } of owners) {
    const wrote = await db.transaction(async (tx) => {
      const recipient = await findRecipient(tx, id);
      if (!recipient || !wants(recipient, 'summary')) return false;
      const composed = await composeSummary(tx, config, secret, recipient, day);
      return composed ? enqueueMail(tx, config, recipient, 'summary', day, { day }, composed) : false;
    });
    if (wrote) written++;
  }
  logger?.info({ day, owners: owners.length, written }, 'summaries written');
  return written;
}

/** Writes this week's digest for each manager (and admin) who has not turned it off. */
export async function writeDigests(
  db: DataSource,
  config: MailConfig,
  day = today(config.appTimeZone),
  logger?: Logger,
): Promise<number> {
  const managers: { id: number }[] = await db.query(
    `SELECT id FROM users WHERE NOT disabled AND digest AND role IN ('manager', 'admin') ORDER BY id`,
  );
  const secret = await linkSecret(db);
  const period = weekOf(day);
  let written = 0;
  for (const { id } of managers) {
    const wrote = await db.transaction(async (tx) => {
      const recipient = await findRecipient(tx, id);
      if (!recipient || !wants(recipient, 'digest')) return false;
      // A digest already written this week is not composed again.
      const exists = await selectRow<Record<string, unknown>>(
        tx,
        `SELECT 1 FROM outbox WHERE recipient_id = $1 AND kind = 'digest' AND period = $2`,
        [id, period],
      );
      if (exists) return false;
      const composed = await composeDigest(tx, config, secret, recipient, day);
      return composed ? enqueueMail(tx, config, recipient, 'digest', period, { day }, composed) : false;
    });
    if (wrote) written++;
  }
  logger?.info({ week: period, managers: managers.length, written }, 'digests written');
  return written;
}
