import type { EntityManager } from 'typeorm';
import type { Config } from '../config';
import { composeAssignment, findRecipient, wants } from './compose';
import { linkSecret } from './links';
import { enqueueMail } from './outbox.service';
import { selectRow } from '../db/rows';

type MailConfig = Pick<Config, 'appUrl' | 'appTimeZone' | 'exportMaxClassification' | 'mailFrom'>;

// The settings the notices are written with, set once where the process reads its config
// (createApp, the commands). Kept here rather than passed down so that every path that saves a
// commitment (its form, the meeting form, accepted suggestions) notifies alike.
let settings: MailConfig | undefined;

export function configureMail(config: MailConfig): void {
  settings = config;
}

/**
 * In the transaction that assigns a commitment to someone other than the user doing it, writes
 * the notice to its new owner (once per version of the commitment).
 */
export async function noticeAssignment(
  tx: EntityManager,
  commitmentId: number,
  ownerId: number | null,
  actorId: number,
): Promise<void> {
  if (!settings || !ownerId || ownerId === actorId) return;
  const recipient = await findRecipient(tx, ownerId);
  if (!recipient || !wants(recipient, 'assignment')) return;
  const row = await selectRow<{ version: number; byName: string }>(
    tx,
    `SELECT c.version, u.name AS "byName" FROM commitments c, users u WHERE c.id = $1 AND u.id = $2`,
    [commitmentId, actorId],
  );
  if (!row) return;
  const composed = await composeAssignment(tx, settings, await linkSecret(tx), recipient, commitmentId, row.byName);
  if (composed)
    await enqueueMail(
      tx,
      settings,
      recipient,
      'assignment',
      `commitment:${commitmentId}:v${row.version}`,
      { commitmentId, byName: row.byName },
      composed,
    );
}
