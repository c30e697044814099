import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { sharedSecret } from '../db/secrets';
import type { MailKind } from './outbox.entity';

/** The kinds of mail a person may turn off with one click, and the preference each one sets. */
export const UNSUBSCRIBABLE = ['summary', 'digest', 'assignment'] as const;
export type UnsubscribeKind = (typeof UNSUBSCRIBABLE)[number];

const secrets = new WeakMap<object, Promise<string>>();

/** A secret of its own (not the session's), generated once and kept in app_secrets like that one. */
export function linkSecret(db: DataSource | EntityManager): Promise<string> {
  const key = 'connection' in db ? db.connection : db;
  let secret = secrets.get(key);
  if (!secret) {
    secret = sharedSecret(key, 'mail-links');
    secret.catch(() => secrets.delete(key));
    secrets.set(key, secret);
  }
  return secret;
}

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** `<userId>.<kind>.<hmac>`: turns that kind of mail off for that user, and nothing else. */
export function unsubscribeToken(secret: string, userId: number, kind: UnsubscribeKind): string {
  const payload = `${userId}.${kind}`;
  return `${payload}.${mac(secret, `unsubscribe:${payload}`)}`;
}

export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { userId: number; kind: UnsubscribeKind } | undefined {
  const match = /^(\d{1,10})\.(summary|digest|assignment)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const expected = Buffer.from(mac(secret, `unsubscribe:${match[1]}.${match[2]}`));
  const given = Buffer.from(match[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { userId: Number(match[1]), kind: match[2] as UnsubscribeKind };
}

/**
 * The mail's Message-ID, derived from its idempotency key: a mail sent again after a crash
 * between the SMTP server's acceptance and our marking it sent carries the same Message-ID, so
 * the receiving side (and the reader's client) can recognise it as the same message.
 */
export function messageIdFor(appUrl: string, recipientId: number, kind: MailKind, period: string): string {
  const hash = createHash('sha256').update(`${recipientId}\u0000${kind}\u0000${period}`).digest('hex').slice(0, 32);
  return `<${hash}.${kind}@${new URL(appUrl).hostname || 'demarche.invalid'}>`;
}
