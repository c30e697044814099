import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import type { Config } from '../config';
import { composeSetPassword, findRecipient } from '../mail/compose';
import { enqueueMail } from '../mail/outbox.service';
import { hashPassword } from './passwords';
import { endSessionsOf } from './users.service';
import { selectRow } from '../db/rows';

/** How long a set-password link works. */
export const LINK_HOURS = 72;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const timeText = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);

/**
 * Issues a one-time set-password link for `userId` in the caller's transaction: only its hash is
 * stored, and a new link replaces any earlier one. When mail is set up it is also mailed; the
 * outbox scrubs the link from the mail once sent.
 */
export async function issuePasswordLink(
  tx: EntityManager,
  config: Pick<Config, 'appUrl' | 'appTimeZone' | 'exportMaxClassification' | 'mailFrom' | 'smtpUrl'>,
  userId: number,
  reset: boolean,
): Promise<{ link: string; expiresText: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = await selectRow<{ expiresAt: Date }>(
    tx,
    `WITH issued AS (UPDATE users SET password_token_hash = $2, password_token_expires_at = now() + $3 * interval '1 hour' WHERE id = $1 RETURNING password_token_expires_at AS "expiresAt")
     SELECT * FROM issued`,
    [userId, hashToken(token), LINK_HOURS],
  );
  const link = `${config.appUrl}/password/${token}`;
  const expiresText = timeText(row!.expiresAt, config.appTimeZone);
  if (config.smtpUrl) {
    const recipient = (await findRecipient(tx, userId))!;
    await enqueueMail(
      tx,
      config,
      recipient,
      'set_password',
      `link:${hashToken(token).slice(0, 32)}`,
      {},
      composeSetPassword(config, recipient, link, expiresText, reset),
    );
  }
  return { link, expiresText };
}

export async function passwordLinkUser(
  db: DataSource,
  token: string,
): Promise<{ id: number; email: string; name: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return selectRow<{ id: number; email: string; name: string }>(
    db,
    `SELECT id, email, name FROM users WHERE password_token_hash = $1 AND password_token_expires_at > now() AND NOT disabled`,
    [hashToken(token)],
  );
}

/** Sets the password and spends the link, in one statement: a link works once. Ends the user's other sessions. */
export async function usePasswordLink(db: DataSource, token: string, password: string): Promise<number | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await selectRow<{ id: number }>(
      tx,
      `WITH used AS (UPDATE users SET password_hash = $2, password_token_hash = NULL, password_token_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE password_token_hash = $1 AND password_token_expires_at > now() AND NOT disabled RETURNING id) SELECT id FROM used`,
      [hashToken(token), hash],
    );
    if (!row) return undefined;
    await endSessionsOf(tx, row.id);
    await audit(tx, row.id, 'update', 'user', row.id, { password: 'set by link' }, { password: 'changed' });
    return row.id;
  });
}
