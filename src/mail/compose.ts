import type { EntityManager } from 'typeorm';
import type { Clearance, Config } from '../config';
import { CLASSIFICATIONS, visibleClassifications } from '../web/clearance';
import { formatDay } from '../web/view-helpers';
import { QUIET_AFTER_DAYS, lastActivitySql, openSql, overdueSql, quietSql } from '../commitments/commitment-status';
import type { MailContent, MailItem, MailSection } from './templates';
import type { MailKind } from './outbox.entity';
import { unsubscribeToken, type UnsubscribeKind } from './links';
import { selectRow, selectRows } from '../db/rows';

/** The recipient as they are at the moment the mail is written or sent. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
  role: string;
  clearance: Clearance;
  disabled: boolean;
  summaries: string;
  digest: boolean;
  notices: boolean;
}

export interface Composed {
  content: MailContent;
  /** The highest classification quoted: never above EXPORT_MAX_CLASSIFICATION. */
  classification: Clearance;
}

type MailConfig = Pick<Config, 'appUrl' | 'appTimeZone' | 'exportMaxClassification'>;

const OPEN = `${openSql('c')} AND c.deleted_at IS NULL`;
const LIVE = 'c.deleted_at IS NULL';
const LIST = 20;
const rank = (level: string) => CLASSIFICATIONS.indexOf(level as Clearance);

export async function findRecipient(tx: EntityManager, id: number): Promise<Recipient | undefined> {
  return selectRow<Recipient>(
    tx,
    `SELECT id, email, name, role, clearance, disabled, summaries, digest, notices FROM users WHERE id = $1`,
    [id],
  );
}

/**
 * Splits records the recipient may see into those the mail may quote (up to the export ceiling)
 * and those it only counts: "and 2 restricted items". Records above the recipient's clearance
 * never reach here (every query filters on the recipient's levels).
 */
class Quoting {
  highest: Clearance = 'unclassified';
  constructor(private readonly ceiling: Clearance) {}

  split<T extends { classification: string }>(rows: T[]): { quoted: T[]; withheld: string | undefined } {
    const quoted: T[] = [];
    const counts = new Map<string, number>();
    for (const row of rows) {
      if (rank(row.classification) <= rank(this.ceiling)) {
        quoted.push(row);
        if (rank(row.classification) > rank(this.highest)) this.highest = row.classification as Clearance;
      } else counts.set(row.classification, (counts.get(row.classification) ?? 0) + 1);
    }
    const parts = [...counts]
      .sort((a, b) => rank(a[0]) - rank(b[0]))
      .map(([level, n]) => `${n} ${level} ${n === 1 ? 'item' : 'items'}`);
    return { quoted, withheld: parts.length ? `and ${parts.join(', ')} not shown in mail` : undefined };
  }
}

function frame(config: MailConfig, secret: string, recipient: Recipient, kind: UnsubscribeKind | undefined) {
  return {
    preferencesUrl: `${config.appUrl}/account#mail`,
    unsubscribeUrl: kind
      ? `${config.appUrl}/mail/unsubscribe/${unsubscribeToken(secret, recipient.id, kind)}`
      : undefined,
    timeZone: config.appTimeZone,
  };
}

/** Runs the queries one at a time, in order: on one client, overlapping queries are deprecated in pg 8 and refused in pg 9. */
async function inOrder<T extends unknown[]>(steps: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const out: unknown[] = [];
  for (const step of steps as (() => Promise<unknown>)[]) out.push(await step());
  return out as T;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface CommitmentLine {
  id: number;
  text: string;
  classification: string;
  dueOn: string | null;
  nextChaseOn: string | null;
  counterpartName: string;
  status: string;
}

function commitmentItem(config: MailConfig, c: CommitmentLine, meta: string): MailItem {
  return {
    text: c.text.length > 300 ? `${c.text.slice(0, 299)}…` : c.text,
    meta,
    url: `${config.appUrl}/commitments/${c.id}`,
  };
}

function section(
  heading: string,
  quoting: Quoting,
  rows: CommitmentLine[],
  item: (c: CommitmentLine) => MailItem,
  link: string,
  total = rows.length,
): MailSection {
  const { quoted, withheld } = quoting.split(rows);
  return {
    heading,
    items: quoted.map(item),
    withheld,
    link,
    more: total > rows.length ? `${plural(total - rows.length, 'more')} in Démarche` : undefined,
  };
}

/** A note of the digest's "past their reply date" section. */
interface NoteLine {
  id: number;
  reference: string;
  subject: string;
  classification: string;
  replyDueOn: string;
  fromName: string;
}

const COMMITMENT_COLUMNS = `c.id, c.text, c.classification, c.status, to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn", to_char(c.next_chase_on, 'YYYY-MM-DD') AS "nextChaseOn", cp.name AS "counterpartName"`;

/** The owner's summary for `day`: overdue, due within 7 days, to chase today. Null when there is nothing. */
export async function composeSummary(
  tx: EntityManager,
  config: MailConfig,
  secret: string,
  recipient: Recipient,
  day: string,
): Promise<Composed | null> {
  const rows: (CommitmentLine & { overdue: boolean; dueSoon: boolean; chase: boolean })[] = await tx.query(
    `SELECT ${COMMITMENT_COLUMNS}, (${overdueSql('c', '$3::date')}) AS overdue, c.due_on BETWEEN $3::date AND $3::date + 7 AS "dueSoon", c.next_chase_on <= $3::date AS chase
       FROM commitments c JOIN ministries cp ON cp.id = c.counterpart_id
      WHERE c.owner_id = $1 AND ${OPEN} AND c.classification = ANY($2::text[]) AND (c.due_on <= $3::date + 7 OR c.next_chase_on <= $3::date)
      ORDER BY coalesce(c.due_on, 'infinity'::date), c.id LIMIT 300`,
    [recipient.id, visibleClassifications(recipient.clearance), day],
  );
  if (rows.length === 0) return null;
  const quoting = new Quoting(config.exportMaxClassification);
  const overdue = rows.filter((r) => r.overdue);
  const dueSoon = rows.filter((r) => r.dueSoon);
  const chase = rows.filter((r) => r.chase);
  const mine = `${config.appUrl}/commitments?ownerId=${recipient.id}`;
  const due = (c: CommitmentLine) =>
    commitmentItem(config, c, `owed to ${c.counterpartName}, due ${formatDay(c.dueOn!)}`);
  const sections = [
    overdue.length ? section(`Overdue (${overdue.length})`, quoting, overdue, due, `${mine}&overdue=1`) : undefined,
    dueSoon.length
      ? section(`Due within 7 days (${dueSoon.length})`, quoting, dueSoon, due, `${mine}&dueWithin=7`)
      : undefined,
    chase.length
      ? section(
          `To chase today (${chase.length})`,
          quoting,
          chase,
          (c) =>
            commitmentItem(config, c, `chase planned for ${formatDay(c.nextChaseOn!)}, owed to ${c.counterpartName}`),
          `${mine}&chase=due&sort=chase`,
        )
      : undefined,
  ].filter((s): s is MailSection => Boolean(s));
  const counts = [
    overdue.length && `${overdue.length} overdue`,
    dueSoon.length && `${dueSoon.length} due this week`,
    chase.length && `${chase.length} to chase`,
  ].filter(Boolean);
  return {
    classification: quoting.highest,
    content: {
      subject: `Your commitments on ${formatDay(day)}: ${counts.join(', ')}`,
      heading: `Your commitments on ${formatDay(day)}`,
      intro: `Hello ${recipient.name}, these commitments you follow up need you.`,
      sections,
      action: { label: 'Open my commitments', url: mine },
      ...frame(config, secret, recipient, 'summary'),
    },
  };
}

/** The managers' Monday digest for the week before `day`. Null when the record holds nothing to report. */
export async function composeDigest(
  tx: EntityManager,
  config: MailConfig,
  secret: string,
  recipient: Recipient,
  day: string,
): Promise<Composed | null> {
  const levels = visibleClassifications(recipient.clearance);
  const weekAgo = addDays(day, -7);
  const [byOwner, byCounterpart, quiet, [{ quietTotal }], closed, notes] = await inOrder([
    // One after another: they share the transaction's single connection (pg refuses overlapping queries on one client).
    () =>
      selectRows<{ label: string; n: number }>(
        tx,
        `SELECT coalesce(u.name, 'no owner') AS label, count(*)::int AS n FROM commitments c LEFT JOIN users u ON u.id = c.owner_id
        WHERE ${overdueSql('c', '$2::date')} AND ${LIVE} AND c.classification = ANY($1::text[]) GROUP BY u.name ORDER BY n DESC, label LIMIT ${LIST}`,
        [levels, day],
      ),
    () =>
      selectRows<{ label: string; n: number }>(
        tx,
        `SELECT cp.name AS label, count(*)::int AS n FROM commitments c JOIN ministries cp ON cp.id = c.counterpart_id
        WHERE ${overdueSql('c', '$2::date')} AND ${LIVE} AND c.classification = ANY($1::text[]) GROUP BY cp.name ORDER BY n DESC, label LIMIT ${LIST}`,
        [levels, day],
      ),
    () =>
      selectRows<CommitmentLine & { lastOn: string }>(
        tx,
        `SELECT ${COMMITMENT_COLUMNS}, to_char(${lastActivitySql('c')}, 'YYYY-MM-DD') AS "lastOn" FROM commitments c JOIN ministries cp ON cp.id = c.counterpart_id
        WHERE ${quietSql('c', '$2::date')} AND ${LIVE} AND c.classification = ANY($1::text[])
        ORDER BY ${lastActivitySql('c')}, c.id LIMIT ${LIST}`,
        [levels, day],
      ),
    () =>
      selectRows<{ quietTotal: number }>(
        tx,
        `SELECT count(*)::int AS "quietTotal" FROM commitments c WHERE ${quietSql('c', '$2::date')} AND ${LIVE} AND c.classification = ANY($1::text[])`,
        [levels, day],
      ),
    () =>
      selectRows<CommitmentLine & { recordedOn: string }>(
        tx,
        `SELECT DISTINCT ON (c.id) ${COMMITMENT_COLUMNS}, to_char(f.recorded_on, 'YYYY-MM-DD') AS "recordedOn"
         FROM follow_ups f JOIN commitments c ON c.id = f.commitment_id JOIN ministries cp ON cp.id = c.counterpart_id
        WHERE f.status IN ('fulfilled', 'broken') AND f.recorded_on >= $2::date AND f.recorded_on < $3::date
          AND c.deleted_at IS NULL AND c.classification = ANY($1::text[]) AND c.status IN ('fulfilled', 'broken')
        ORDER BY c.id, f.recorded_on DESC LIMIT 100`,
        [levels, weekAgo, day],
      ),
    () =>
      selectRows<NoteLine>(
        tx,
        `SELECT n.id, n.reference, n.subject, n.classification, to_char(n.reply_due_on, 'YYYY-MM-DD') AS "replyDueOn", f.name AS "fromName"
         FROM notes n JOIN ministries f ON f.id = n.from_id
        WHERE n.deleted_at IS NULL AND n.classification = ANY($1::text[]) AND n.reply_due_on < $2::date
          AND NOT EXISTS (SELECT 1 FROM notes r WHERE r.in_reply_to_id = n.id AND r.deleted_at IS NULL AND r.classification = ANY($1::text[]))
        ORDER BY n.reply_due_on, n.id LIMIT ${LIST}`,
        [levels, day],
      ),
  ]);
  if (!byOwner.length && !quiet.length && !closed.length && !notes.length) return null;
  const quoting = new Quoting(config.exportMaxClassification);
  const url = config.appUrl;
  const sections: MailSection[] = [];
  if (byOwner.length) {
    sections.push({ heading: 'Overdue, by owner', rows: byOwner, link: `${url}/commitments?overdue=1` });
    sections.push({ heading: 'Overdue, by counterpart', rows: byCounterpart, link: `${url}/commitments?overdue=1` });
  }
  if (quiet.length) {
    sections.push(
      section(
        `Quiet for ${QUIET_AFTER_DAYS} days (${quietTotal})`,
        quoting,
        quiet,
        (c) =>
          commitmentItem(
            config,
            c,
            `nothing since ${formatDay((c as CommitmentLine & { lastOn: string }).lastOn)}, owed to ${c.counterpartName}`,
          ),
        `${url}/commitments?sort=quiet`,
        quietTotal,
      ),
    );
  }
  if (closed.length) {
    const line = (c: CommitmentLine) =>
      commitmentItem(
        config,
        c,
        `${c.status} on ${formatDay((c as CommitmentLine & { recordedOn: string }).recordedOn)}, owed to ${c.counterpartName}`,
      );
    sections.push(
      section(
        'Fulfilled and broken last week',
        quoting,
        closed,
        line,
        `${url}/commitments?status=fulfilled&status=broken&sort=made`,
      ),
    );
  }
  if (notes.length) {
    const { quoted, withheld } = quoting.split(notes);
    sections.push({
      heading: 'Notes past their reply date',
      items: quoted.map((n) => ({
        text: `${n.reference}: ${n.subject}`,
        meta: `from ${n.fromName}, reply was due ${formatDay(n.replyDueOn)}`,
        url: `${url}/notes/${n.id}`,
      })),
      withheld,
      link: `${url}/notes?awaiting=1`,
    });
  }
  const overdueTotal = byOwner.reduce((s, r) => s + r.n, 0);
  return {
    classification: quoting.highest,
    content: {
      subject: `Weekly digest for the week of ${formatDay(day)}: ${overdueTotal} overdue, ${quietTotal} quiet`,
      heading: `Weekly digest, ${formatDay(weekAgo)} – ${formatDay(addDays(day, -1))}`,
      intro: `Hello ${recipient.name}, here is where the team's commitments stand.`,
      sections,
      action: { label: 'Open the dashboard', url: `${url}/` },
      ...frame(config, secret, recipient, 'digest'),
    },
  };
}

/** The notice to a commitment's new owner. Null when they may no longer see it. */
export async function composeAssignment(
  tx: EntityManager,
  config: MailConfig,
  secret: string,
  recipient: Recipient,
  commitmentId: number,
  byName: string,
): Promise<Composed | null> {
  const [c]: CommitmentLine[] = await tx.query(
    `SELECT ${COMMITMENT_COLUMNS} FROM commitments c JOIN ministries cp ON cp.id = c.counterpart_id
      WHERE c.id = $1 AND c.deleted_at IS NULL AND c.classification = ANY($2::text[]) AND c.owner_id = $3`,
    [commitmentId, visibleClassifications(recipient.clearance), recipient.id],
  );
  if (!c) return null;
  const quoting = new Quoting(config.exportMaxClassification);
  const meta = `owed to ${c.counterpartName}${c.dueOn ? `, due ${formatDay(c.dueOn)}` : ''}`;
  const link = `${config.appUrl}/commitments/${c.id}`;
  const s = section('The commitment', quoting, [c], (x) => commitmentItem(config, x, meta), link);
  if (s.withheld) s.withheld = `A ${c.classification} commitment, not quoted in mail`;
  return {
    classification: quoting.highest,
    content: {
      subject: 'A commitment was assigned to you',
      heading: 'A commitment was assigned to you',
      intro: `Hello ${recipient.name}, ${byName} made you the owner of a commitment: you follow it up until it is fulfilled, broken or overtaken.`,
      sections: [s],
      action: { label: 'Open the commitment', url: link },
      ...frame(config, secret, recipient, 'assignment'),
    },
  };
}

export function composeSetPassword(
  config: MailConfig,
  recipient: Recipient,
  link: string,
  expiresText: string,
  reset: boolean,
): Composed {
  return {
    classification: 'unclassified',
    content: {
      subject: reset ? 'Set a new Démarche password' : 'Your Démarche account',
      heading: reset ? 'Set a new password' : 'Welcome to Démarche',
      intro: `Hello ${recipient.name}, ${reset ? 'an administrator reset your password' : 'an administrator created an account for you'} (${recipient.email}). The link below lets you set your password once; it works until ${expiresText}.`,
      sections: [],
      action: { label: 'Set my password', url: link },
      preferencesUrl: `${config.appUrl}/account#mail`,
      timeZone: config.appTimeZone,
    },
  };
}

/** Whether the recipient still wants this kind of mail (checked again when it is sent). */
export function wants(recipient: Recipient, kind: MailKind): boolean {
  if (recipient.disabled) return false;
  if (kind === 'summary') return recipient.summaries !== 'never';
  if (kind === 'digest') return recipient.digest && recipient.role !== 'staff';
  if (kind === 'assignment') return recipient.notices;
  return true;
}
