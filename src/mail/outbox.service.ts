import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import {
  composeAssignment,
  composeDigest,
  composeSummary,
  findRecipient,
  wants,
  type Composed,
  type Recipient,
} from './compose';
import { linkSecret, messageIdFor } from './links';
import type { MailKind } from './outbox.entity';
import { renderMail } from './templates';
import { selectRows } from '../db/rows';
import { isDatabaseUnavailable } from '../web/errors';

type MailConfig = Pick<Config, 'appUrl' | 'appTimeZone' | 'exportMaxClassification' | 'mailFrom'>;

/** A claimed mail is ours to send for this long; after it, another sender may take it over. */
export const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min … doubling, at most an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Writes a mail in the caller's transaction. The unique (recipient, kind, period) makes it
 * idempotent: the same day's summary, the same week's digest, the same assignment is written once
 * however many runs or instances try. Returns whether a row was written.
 */
export async function enqueueMail(
  tx: EntityManager,
  config: MailConfig,
  recipient: Recipient,
  kind: MailKind,
  period: string,
  payload: Record<string, unknown>,
  composed: Composed,
): Promise<boolean> {
  const mail = renderMail(composed.content);
  const rows = await selectRows<{ id: number }>(
    tx,
    `INSERT INTO outbox (recipient_id, kind, period, payload, to_address, subject, text_body, html_body, classification, message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (recipient_id, kind, period) DO NOTHING RETURNING id`,
    [
      recipient.id,
      kind,
      period,
      JSON.stringify(payload),
      recipient.email,
      mail.subject,
      mail.text,
      mail.html,
      composed.classification,
      messageIdFor(config.appUrl, recipient.id, kind, period),
    ],
  );
  return rows.length > 0;
}

interface Claimed {
  id: number;
  recipientId: number;
  kind: MailKind;
  period: string;
  payload: Record<string, unknown>;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  attempts: number;
}

/**
 * Claims due mails: pending ones whose next attempt has come, and ones another sender claimed
 * but did not finish within its lease (it crashed). SKIP LOCKED lets any number of senders run at
 * once without waiting on each other or taking the same row; the claim itself (status 'sending',
 * next_attempt_at = the lease's end) is committed before anything is sent.
 */
async function claim(db: DataSource, limit: number): Promise<Claimed[]> {
  // As a CTE, so TypeORM answers the rows (for a bare UPDATE it answers [rows, count]).
  return selectRows<Claimed>(
    db,
    `WITH claimed AS (UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
      WHERE o.id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
                      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.recipient_id AS "recipientId", o.kind, o.period, o.payload, o.subject, o.text_body AS "textBody", o.html_body AS "htmlBody",
                o.message_id AS "messageId", o.attempts) SELECT * FROM claimed`,
    [limit, LEASE_MS],
  );
}

/** The mail as it must go out now: composed again for the recipient's clearance and wishes at this moment. */
async function recompose(
  db: DataSource,
  config: MailConfig,
  mail: Claimed,
  recipient: Recipient,
): Promise<Composed | null | 'as-written'> {
  const secret = await linkSecret(db);
  const manager = db.manager;
  if (mail.kind === 'summary') return composeSummary(manager, config, secret, recipient, String(mail.payload.day));
  if (mail.kind === 'digest') return composeDigest(manager, config, secret, recipient, String(mail.payload.day));
  if (mail.kind === 'assignment')
    return composeAssignment(
      manager,
      config,
      secret,
      recipient,
      Number(mail.payload.commitmentId),
      typeof mail.payload.byName === 'string' ? mail.payload.byName : 'a colleague',
    );
  return 'as-written'; // a set-password link exists only in the mail written
}

/** Retries a bookkeeping statement while the database is briefly away (a restart), within the lease. */
async function persist(db: DataSource, logger: Logger | undefined, sql: string, params: unknown[]): Promise<void> {
  const deadline = Date.now() + LEASE_MS - 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query(sql, params);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      logger?.warn({ err: { message: (err as Error).message }, attempt }, 'outbox: could not record a send; retrying');
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
    }
  }
}

export interface SendResult {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

/**
 * Sends what is due, in batches, until nothing is due or `maxBatches` ran.
 *
 * Delivery is at least once, made as close to exactly once as SMTP allows: a row is marked sent
 * right after the server accepts it (that write is retried through a database restart). Only a
 * sender that dies between the acceptance and that write leaves a row 'sending'; when its lease
 * ends it is sent again, with the same Message-ID (derived from the idempotency key), so the copy
 * is recognisable. Losing a mail would be worse than a recognisable duplicate.
 */
export async function sendDue(
  db: DataSource,
  config: MailConfig,
  transport: Transporter,
  logger?: Logger,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<SendResult> {
  const result: SendResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  for (let b = 0; b < (options.maxBatches ?? 20); b++) {
    const batch = await claim(db, options.batch ?? 20);
    if (batch.length === 0) break;
    for (let i = 0; i < batch.length; i++) {
      try {
        await sendOne(db, config, transport, logger, batch[i], result);
      } catch (err) {
        // Claimed but not handed to the server (the database went away while composing, say):
        // give those back at once rather than holding them for the lease, then let the caller retry.
        const notSent = err instanceof NotSentError ? batch.slice(i) : batch.slice(i + 1);
        await release(db, logger, notSent, err instanceof NotSentError ? err.cause : err);
        throw err instanceof NotSentError ? err.cause : err;
      }
    }
  }
  return result;
}

class NotSentError extends Error {
  constructor(readonly cause: unknown) {
    super('not sent');
  }
}

/**
 * Puts claimed mails that were not sent back to pending: at once when the database was away (the
 * attempt did not count), after the backoff otherwise (a fault that would recur at once).
 */
async function release(db: DataSource, logger: Logger | undefined, mails: Claimed[], err: unknown): Promise<void> {
  if (mails.length === 0) return;
  const ids = mails.map((m) => m.id);
  const text = String((err as Error)?.message ?? err).slice(0, 1000);
  if (isDatabaseUnavailable(err)) {
    await persist(
      db,
      logger,
      `UPDATE outbox SET status = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = now() WHERE id = ANY($1::int[]) AND status = 'sending'`,
      [ids],
    );
  } else {
    await persist(
      db,
      logger,
      `UPDATE outbox SET status = 'pending', last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = ANY($1::int[]) AND status = 'sending'`,
      [ids, text, backoffMs(mails[0].attempts)],
    );
  }
}

async function sendOne(
  db: DataSource,
  config: MailConfig,
  transport: Transporter,
  logger: Logger | undefined,
  mail: Claimed,
  result: SendResult,
): Promise<void> {
  let recipient: Recipient | undefined;
  let composed: Composed | null | 'as-written';
  let message = { subject: mail.subject, text: mail.textBody, html: mail.htmlBody };
  try {
    recipient = await findRecipient(db.manager, mail.recipientId);
    composed = recipient && wants(recipient, mail.kind) ? await recompose(db, config, mail, recipient) : null;
    if (recipient && composed && composed !== 'as-written') {
      message = renderMail(composed.content);
      // What goes out is what the outbox shows.
      await db.query(
        `UPDATE outbox SET to_address = $2, subject = $3, text_body = $4, html_body = $5, classification = $6 WHERE id = $1`,
        [mail.id, recipient.email, message.subject, message.text, message.html, composed.classification],
      );
    }
  } catch (err) {
    throw new NotSentError(err);
  }
  if (!recipient || composed === null) {
    await persist(
      db,
      logger,
      `UPDATE outbox SET status = 'cancelled', last_error = $2 WHERE id = $1 AND status = 'sending'`,
      [mail.id, recipient ? 'nothing left to send, or turned off by the recipient' : 'recipient gone'],
    );
    result.cancelled++;
    return;
  }
  const unsubscribe = composed !== 'as-written' ? composed.content.unsubscribeUrl : undefined;
  try {
    await transport.sendMail({
      from: config.mailFrom,
      to: { name: recipient.name, address: recipient.email },
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: mail.messageId,
      headers: unsubscribe
        ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : {},
    });
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    const permanent = typeof code === 'number' && code >= 500;
    const text = String((err as Error).message ?? err).slice(0, 1000);
    // A 5xx is the server refusing for good (unknown address…): kept as failed, for an admin to see.
    await persist(
      db,
      logger,
      permanent
        ? `UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'sending'`
        : `UPDATE outbox SET status = 'pending', last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = $1 AND status = 'sending'`,
      permanent ? [mail.id, text] : [mail.id, text, backoffMs(mail.attempts)],
    );
    logger?.warn(
      { outboxId: mail.id, kind: mail.kind, code, attempts: mail.attempts },
      permanent ? 'mail refused for good' : 'mail not sent; will retry',
    );
    if (permanent) result.failed++;
    else result.retried++;
    return;
  }
  // A set-password link is scrubbed once sent: the database keeps only its hash.
  const scrub =
    mail.kind === 'set_password'
      ? `, text_body = regexp_replace(text_body, '/password/[A-Za-z0-9_-]+', '/password/…', 'g'), html_body = regexp_replace(html_body, '/password/[A-Za-z0-9_-]+', '/password/…', 'g')`
      : '';
  await persist(
    db,
    logger,
    `UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL${scrub} WHERE id = $1`,
    [mail.id],
  );
  result.sent++;
}
