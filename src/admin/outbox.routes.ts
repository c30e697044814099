import { Router } from 'express';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/guards';
import { visibleClassifications } from '../web/clearance';
import { HttpError, notFound } from '../web/errors';
import { idParam, queryString } from '../web/forms';
import { MAIL_KINDS, OUTBOX_STATUSES, type OutboxMail, type OutboxStatus } from '../mail/outbox.entity';
import { selectRow, selectRows } from '../db/rows';

const PAGE = 50;
const KIND_LABELS: Record<(typeof MAIL_KINDS)[number], string> = {
  summary: 'owner summary',
  digest: 'managers’ digest',
  assignment: 'assignment notice',
  set_password: 'set-password link',
};

/** The mails' own page: a strict policy of its own, no scripts, shown only inside the outbox page's sandboxed frame. */
const MAIL_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/** An outbox mail as the admin pages read it: some of its columns, and its recipient's name. */
type OutboxRow<K extends keyof OutboxMail> = Pick<
  OutboxMail,
  'id' | 'kind' | 'period' | 'status' | 'attempts' | 'subject' | 'toAddress' | 'createdAt' | 'sentAt' | 'lastError' | K
> & {
  recipientName: string;
};
type OutboxListRow = OutboxRow<'nextAttemptAt'>;
type OutboxMailRow = OutboxRow<'textBody' | 'htmlBody' | 'classification' | 'messageId'>;

export function outboxRoutes({ db, config }: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/', admin, async (req, res) => {
    const status = queryString(req, 'status');
    const kind = queryString(req, 'kind');
    const to = queryString(req, 'to');
    const beforeRaw = queryString(req, 'before');
    if (status && !(OUTBOX_STATUSES as readonly string[]).includes(status))
      throw new HttpError(400, 'The filter “status” is not valid.');
    if (kind && !(MAIL_KINDS as readonly string[]).includes(kind))
      throw new HttpError(400, 'The filter “kind” is not valid.');
    if (typeof req.query.to === 'string' && req.query.to.length > 200)
      throw new HttpError(400, 'The filter “to” is too long (200 characters at most).');
    if (beforeRaw !== undefined && !(/^[1-9]\d{0,9}$/.test(beforeRaw) && Number(beforeRaw) <= 2_147_483_647))
      throw new HttpError(400, 'The page link is not valid.');
    const before = beforeRaw ? Number(beforeRaw) : undefined;
    const params: unknown[] = [];
    const where: string[] = [];
    if (status) where.push(`o.status = $${params.push(status)}`);
    if (kind) where.push(`o.kind = $${params.push(kind)}`);
    if (to) {
      const like = `%${to.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(o.to_address ILIKE $${params.push(like)} OR u.name ILIKE $${params.length})`);
    }
    // Keyset paging, newest first, on the (created_at DESC, id DESC) index: a page costs the same however far back it is.
    if (before)
      where.push(`(o.created_at, o.id) < (SELECT created_at, id FROM outbox WHERE id = $${params.push(before)})`);
    const rows = await selectRows<OutboxListRow>(
      db,
      `SELECT o.id, o.kind, o.period, o.status, o.attempts, o.subject, o.to_address AS "toAddress", u.name AS "recipientName",
              o.created_at AS "createdAt", o.sent_at AS "sentAt", o.next_attempt_at AS "nextAttemptAt", o.last_error AS "lastError"
         FROM outbox o JOIN users u ON u.id = o.recipient_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.created_at DESC, o.id DESC LIMIT ${PAGE + 1}`,
      params,
    );
    const more = rows.length > PAGE;
    if (more) rows.pop();
    const counts = await selectRows<{ status: OutboxStatus; n: number }>(
      db,
      `SELECT status, count(*)::int AS n FROM outbox GROUP BY status ORDER BY status`,
    );
    const link = (changes: Record<string, string | undefined>) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries({ status, kind, to, ...changes })) if (v) q.set(k, v);
      const text = q.toString();
      return `/admin/outbox${text ? `?${text}` : ''}`;
    };
    res.render('admin/outbox/index', {
      title: 'Outbox',
      rows,
      counts: counts.map((c) => ({ ...c, href: link({ status: c.status }) })),
      allHref: link({ status: undefined }),
      status,
      filters: { kind, to },
      filtered: Boolean(status || kind || to),
      kinds: MAIL_KINDS.map((value) => ({ value, label: KIND_LABELS[value] })),
      olderHref: more ? link({ before: String(rows[rows.length - 1].id) }) : undefined,
      newestHref: before ? link({}) : undefined,
      page: PAGE,
      smtp: Boolean(config.smtpUrl),
    });
  });

  async function load(id: number, clearance: Parameters<typeof visibleClassifications>[0]) {
    const mail = await selectRow<OutboxMailRow>(
      db,
      `SELECT o.id, o.kind, o.period, o.status, o.attempts, o.subject, o.to_address AS "toAddress", o.text_body AS "textBody", o.html_body AS "htmlBody",
              o.classification, o.message_id AS "messageId", o.created_at AS "createdAt", o.sent_at AS "sentAt", o.last_error AS "lastError", u.name AS "recipientName"
         FROM outbox o JOIN users u ON u.id = o.recipient_id WHERE o.id = $1`,
      [id],
    );
    if (!mail) throw notFound('mail');
    // An admin cleared below what a mail quotes (possible when EXPORT_MAX_CLASSIFICATION is raised) sees its headers only.
    return { mail, readable: visibleClassifications(clearance).includes(mail.classification) };
  }

  router.get('/:id', admin, async (req, res) => {
    const { mail, readable } = await load(idParam(req), req.user!.clearance);
    res.render('admin/outbox/show', { title: `Mail ${mail.id}`, mail, readable });
  });

  router.get('/:id/html', admin, async (req, res) => {
    const { mail, readable } = await load(idParam(req), req.user!.clearance);
    if (!readable) throw notFound('mail');
    res.set('Content-Security-Policy', MAIL_CSP);
    res.set('X-Frame-Options', 'SAMEORIGIN');
    res.type('html').send(mail.htmlBody);
  });

  return router;
}
