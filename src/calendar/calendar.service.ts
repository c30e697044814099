import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findActiveUser } from '../auth/users.service';
import { scopeOf, visibleTo } from '../web/records';
import { OPEN_STATUSES } from '../commitments/commitment-status';
import type { CalendarEvent } from './ical';
import type { Clearance } from '../config';
import { CLASSIFICATIONS } from '../web/clearance';
import { selectRows } from '../db/rows';
import { CalendarFeed } from './calendar-feed.entity';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const EVENTS_PER_KIND = 2_000;

export async function hasFeed(db: DataSource, userId: number): Promise<boolean> {
  return db.getRepository(CalendarFeed).existsBy({ userId });
}

/** A new secret token; any earlier feed address of the user stops working. */
export async function createFeed(db: DataSource, userId: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.getRepository(CalendarFeed).upsert({ userId, tokenHash: hash(token), createdAt: new Date() }, ['userId']);
  return token;
}

export async function revokeFeed(db: DataSource, userId: number): Promise<void> {
  await db.getRepository(CalendarFeed).delete({ userId });
}

/** A meeting as its feed event is made of it. */
interface MeetingEventRow {
  id: number;
  title: string;
  heldOn: string;
  location: string | null;
  classification: string;
}

/** A commitment with a due date, as its feed event is made of it. */
interface CommitmentEventRow {
  id: number;
  text: string;
  dueOn: string;
  partyName: string;
  classification: string;
}

/** Whether a record of this classification may leave the app (EXPORT_MAX_CLASSIFICATION). */
const leaves = (classification: string, max: Clearance) =>
  CLASSIFICATIONS.indexOf(classification as Clearance) <= CLASSIFICATIONS.indexOf(max);

/**
 * The events a feed token's owner may see, or undefined for an unknown token or disabled user.
 * A calendar service outside the ministry keeps what it is given, so a record classified above
 * `exportMaxClassification` goes out only as a placeholder: its date and a link, no words of it.
 */
export async function feedEvents(
  db: DataSource,
  token: string,
  { appUrl: baseUrl, exportMaxClassification: max }: { appUrl: string; exportMaxClassification: Clearance },
): Promise<{ name: string; events: CalendarEvent[] } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const feed = await db
    .getRepository(CalendarFeed)
    .findOne({ select: { userId: true }, where: { tokenHash: hash(token) } });
  const user = feed && (await findActiveUser(db, feed.userId));
  if (!user) return undefined;
  const scope = scopeOf(user);
  const meetingParams: unknown[] = [];
  const commitmentParams: unknown[] = [OPEN_STATUSES];
  const [meetings, commitments] = await Promise.all([
    selectRows<MeetingEventRow>(
      db,
      `SELECT m.id, m.title, m.held_on AS "heldOn", m.location, m.classification FROM meetings m WHERE ${visibleTo(scope, 'm', meetingParams)}
        ORDER BY m.held_on DESC LIMIT ${EVENTS_PER_KIND}`,
      meetingParams,
    ),
    selectRows<CommitmentEventRow>(
      db,
      `SELECT c.id, c.text, c.due_on AS "dueOn", p.name AS "partyName", c.classification FROM commitments c JOIN ministries p ON p.id = c.party_id
        WHERE c.status = ANY($1::text[]) AND c.due_on IS NOT NULL AND ${visibleTo(scope, 'c', commitmentParams)}
        ORDER BY c.due_on DESC LIMIT ${EVENTS_PER_KIND}`,
      commitmentParams,
    ),
  ]);
  const host = new URL(baseUrl).host;
  const events: CalendarEvent[] = [
    ...meetings.map((m) => {
      const url = `${baseUrl}/meetings/${m.id}`;
      const shared = { uid: `meeting-${m.id}@${host}`, date: m.heldOn, url };
      if (!leaves(m.classification, max))
        return { ...shared, summary: 'Restricted meeting — open Démarche', description: url };
      return { ...shared, summary: `Meeting: ${m.title}`, description: m.location ?? undefined };
    }),
    ...commitments.map((c) => {
      const url = `${baseUrl}/commitments/${c.id}`;
      const shared = { uid: `commitment-${c.id}@${host}`, date: c.dueOn, url };
      if (!leaves(c.classification, max))
        return { ...shared, summary: 'Restricted commitment due — open Démarche', description: url };
      return {
        ...shared,
        summary: `Due: ${c.text.length > 80 ? `${c.text.slice(0, 79)}…` : c.text}`,
        description: `${c.partyName}: ${c.text}`,
      };
    }),
  ];
  return { name: `Démarche — ${user.name}`, events };
}
