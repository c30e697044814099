import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { createMinistry, createOfficial, createUser } from './factories';

// Shared by test/quality/*: a small world whose first record of each kind has id 1 (so the
// concrete URLs of registered routes hit real records), valid fields for every form, table
// checksums to prove "no row changed", and a regex form reader to fill in the real forms.

/** Tables every request may touch: the session store and the login rate-limit counters. */
const VOLATILE = new Set(['sessions', 'rate_limits', 'migrations']);

export type Checksums = Record<string, string>;

/** Row count and an md5 over every row of every table, in a stable order. */
export async function tableChecksums(db: DataSource): Promise<Checksums> {
  const tables: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const names = tables.map((t) => t.tablename).filter((t) => !VOLATILE.has(t));
  const sql = names
    .map(
      (t) =>
        `SELECT '${t}' AS t, count(*) || ':' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${t}" x`,
    )
    .join(' UNION ALL ');
  const rows: { t: string; h: string }[] = await db.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The tables whose rows differ between two checksums. */
export function changedTables(before: Checksums, after: Checksums): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

export interface World {
  adminId: number;
  adminEmail: string;
  noMfa: number;
  ruMfa: number;
  brende: number;
  lavrov: number;
  negotiationId: number;
  meetingId: number;
  noteId: number;
  agreementId: number;
  commitmentId: number;
}

/** One unclassified record of each kind, each with id 1 after truncateAll (which restarts identities). */
export async function seedWorld(db: DataSource): Promise<World> {
  const admin = await createUser(db, { role: 'admin', clearance: 'confidential', name: 'Ada Admin' });
  const noMfa = await createMinistry(db, { name: 'Utenriksdepartementet', shortName: 'UD', countryCode: 'NO' });
  const ruMfa = await createMinistry(db, { name: 'Министерство иностранных дел', shortName: 'МИД', countryCode: 'RU' });
  const brende = await createOfficial(db, {
    fullName: 'Børge Brende',
    title: 'Minister of Foreign Affairs',
    ministryId: noMfa,
    startedOn: '2013-10-16',
  });
  const lavrov = await createOfficial(db, {
    fullName: 'Sergey Lavrov',
    nativeName: 'Сергей Лавров',
    title: 'Minister of Foreign Affairs',
    ministryId: ruMfa,
    startedOn: '2004-03-09',
  });
  const [neg] = await db.query(`INSERT INTO negotiations (title) VALUES ('Storskog crossings') RETURNING id`);
  await db.query(`INSERT INTO negotiation_parties (negotiation_id, ministry_id) VALUES ($1, $2), ($1, $3)`, [
    neg.id,
    noMfa,
    ruMfa,
  ]);
  const [meeting] = await db.query(
    `INSERT INTO meetings (title, held_on, location, negotiation_id) VALUES ('Brende–Lavrov in Oulu', '2015-10-21', 'Oulu', $1) RETURNING id`,
    [neg.id],
  );
  await db.query(`INSERT INTO meeting_participants (meeting_id, official_id) VALUES ($1, $2), ($1, $3)`, [
    meeting.id,
    brende,
    lavrov,
  ]);
  const [note] = await db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, reply_due_on, negotiation_id) VALUES ('NV-1', 'note_verbale', '2016-01-22', $1, $2, 'Winter bus returns', '2016-02-01', $3) RETURNING id`,
    [ruMfa, noMfa, neg.id],
  );
  const [agreement] = await db.query(
    `INSERT INTO agreements (title, kind, status, signed_on, negotiation_id) VALUES ('Readmission agreement', 'agreement', 'in_force', '2007-04-26', $1) RETURNING id`,
    [neg.id],
  );
  await db.query(`INSERT INTO agreement_parties (agreement_id, ministry_id) VALUES ($1, $2), ($1, $3)`, [
    agreement.id,
    noMfa,
    ruMfa,
  ]);
  const [commitment] = await db.query(
    `INSERT INTO commitments (text, made_by_id, made_by_title, party_id, counterpart_id, strength, source_type, meeting_id, made_on, due_on, owner_id, negotiation_id)
     VALUES ('I will look into the matter', $1, 'Minister of Foreign Affairs', $2, $3, 'will_consider', 'meeting', $4, '2015-10-21', '2015-12-01', $5, $6) RETURNING id`,
    [lavrov, ruMfa, noMfa, meeting.id, admin.id, neg.id],
  );
  return {
    adminId: admin.id,
    adminEmail: admin.email,
    noMfa,
    ruMfa,
    brende,
    lavrov,
    negotiationId: neg.id,
    meetingId: meeting.id,
    noteId: note.id,
    agreementId: agreement.id,
    commitmentId: commitment.id,
  };
}

export type Fields = [string, string][];

const TABLE_OF: Record<string, string> = {
  ministries: 'ministries',
  officials: 'officials',
  negotiations: 'negotiations',
  meetings: 'meetings',
  notes: 'notes',
  agreements: 'agreements',
  commitments: 'commitments',
};

async function versionOf(db: DataSource, path: string): Promise<string> {
  const match = /^\/(\w+)\/(\d+)$/.exec(path);
  if (!match || !TABLE_OF[match[1]]) return '1';
  const [row] = await db.query(`SELECT version FROM ${TABLE_OF[match[1]]} WHERE id = $1`, [Number(match[2])]);
  return String(row?.version ?? 1);
}

let reference = 0;

/**
 * Valid fields for a POST route pattern (as `registeredRoutes` lists it), for a concrete `path`.
 * Edit forms carry the record's current version; new forms a fresh submission token.
 */
export async function validFields(db: DataSource, w: World, pattern: string, path = pattern): Promise<Fields> {
  const submission: Fields = [['_submission', randomUUID()]];
  const version = async (): Promise<Fields> => [['version', await versionOf(db, path)]];
  const ministry: Fields = [
    ['name', 'Justis- og beredskapsdepartementet'],
    ['shortName', 'JD'],
    ['kind', 'ministry'],
    ['countryCode', 'NO'],
    ['parentId', ''],
  ];
  const negotiation: Fields = [
    ['title', 'Readmission talks'],
    ['status', 'active'],
    ['summary', 'Talks.'],
    ['partyIds', String(w.noMfa)],
    ['partyIds', String(w.ruMfa)],
  ];
  const meeting: Fields = [
    ['title', 'Meeting in Kirkenes'],
    ['heldOn', '2016-01-26'],
    ['location', 'Kirkenes'],
    ['occasion', 'Working visit'],
    ['negotiationId', String(w.negotiationId)],
    ['summary', 'Returns discussed.'],
    ['classification', 'unclassified'],
    ['participantIds', String(w.brende)],
    ['participantIds', String(w.lavrov)],
  ];
  const inline: Fields = [
    ['commitments[0][text]', 'We will resume the returns'],
    ['commitments[0][madeById]', String(w.lavrov)],
    ['commitments[0][partyId]', String(w.ruMfa)],
    ['commitments[0][counterpartId]', String(w.noMfa)],
    ['commitments[0][dueOn]', '2016-03-01'],
    ['commitments[0][strength]', 'pledge'],
  ];
  reference += 1;
  const note: Fields = [
    ['reference', `NV-Q-${reference}-${randomUUID().slice(0, 8)}`],
    ['kind', 'note_verbale'],
    ['sentOn', '2016-01-25'],
    ['fromId', String(w.noMfa)],
    ['toId', String(w.ruMfa)],
    ['subject', 'Returns across Storskog'],
    ['body', 'The Ministry presents its compliments.'],
    ['inReplyToId', ''],
    ['replyDueOn', '2016-02-25'],
    ['negotiationId', String(w.negotiationId)],
    ['classification', 'unclassified'],
  ];
  const agreement: Fields = [
    ['title', 'Arrangement on returns'],
    ['kind', 'arrangement'],
    ['status', 'signed'],
    ['signedOn', '2016-03-01'],
    ['inForceOn', ''],
    ['partyIds', String(w.noMfa)],
    ['partyIds', String(w.ruMfa)],
    ['parentId', String(w.agreementId)],
    ['negotiationId', String(w.negotiationId)],
    ['summary', 'Under the 2007 agreement.'],
    ['classification', 'unclassified'],
  ];
  const commitment: Fields = [
    ['text', 'I will look into the matter'],
    ['madeById', String(w.lavrov)],
    ['partyId', String(w.ruMfa)],
    ['counterpartId', String(w.noMfa)],
    ['strength', 'will_consider'],
    ['madeOn', '2016-01-26'],
    ['dueOn', '2016-04-01'],
    ['sourceUrl', 'https://www.regjeringen.no/statement'],
    ['ownerId', String(w.adminId)],
    ['negotiationId', String(w.negotiationId)],
    ['classification', 'unclassified'],
  ];
  switch (pattern) {
    case '/commitments/suggest/accept':
      return [
        ...commitment.map(([k, v]) => [`commitments[0][${k}]`, v] as [string, string]),
        ['commitments[0][accept]', 'on'],
        ...submission,
      ];
    case '/commitments/suggest':
      return [
        ['text', 'Russia agreed to take them back.'],
        ['sourceDate', '2016-02-03'],
      ];
    case '/login':
      return [
        ['email', w.adminEmail],
        ['password', 'correct horse battery staple'],
      ];
    case '/ministries':
      return [...ministry, ...submission];
    case '/ministries/:id':
      return [...ministry, ...(await version())];
    case '/officials':
      return [
        ['fullName', 'Sylvi Listhaug'],
        ['nativeName', ''],
        ['title', 'Minister of Immigration'],
        ['ministryId', String(w.noMfa)],
        ['startedOn', '2015-12-16'],
        ...submission,
      ];
    case '/officials/:id':
      return [['fullName', 'Børge Brende'], ['nativeName', 'Børge Brende'], ...(await version())];
    case '/officials/:id/positions':
      return [
        ['title', 'President of the World Economic Forum'],
        ['ministryId', String(w.noMfa)],
        ['startedOn', '2017-10-01'],
        ...submission,
      ];
    case '/negotiations':
      return [...negotiation, ...submission];
    case '/negotiations/:id':
      return [...negotiation, ...(await version())];
    case '/meetings':
      return [...meeting, ...inline, ...submission];
    case '/meetings/:id':
      return [...meeting, ...(await version())];
    case '/notes':
      return [...note, ...submission];
    case '/notes/:id':
      return [...note, ...(await version())];
    case '/agreements':
      return [...agreement, ...submission];
    case '/agreements/:id':
      return [...agreement.filter(([k]) => k !== 'parentId'), ...(await version())];
    case '/commitments':
      return [...commitment, ...submission];
    case '/commitments/:id':
      // Record 1 keeps its source, the meeting it was made at.
      return [
        ...commitment.filter(([k]) => k !== 'sourceUrl'),
        ['meetingId', String(w.meetingId)],
        ...(await version()),
      ];
    case '/commitments/:id/follow-ups':
      return [
        ['status', 'in_progress'],
        ['note', 'Raised again in Kirkenes.'],
        ['recordedOn', '2016-02-01'],
        ['url', 'https://www.regjeringen.no/follow-up'],
        ...submission,
      ];
    default:
      return []; // delete, restore, logout, calendar feed: the token is the whole form
  }
}

/** An x-www-form-urlencoded body with exactly these names, in this order (repeats allowed). */
export function encodeForm(fields: Fields): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The synchronizer token of a logged-in agent's session (the same for every form of the session). */
export async function tokenOf(agent: request.Agent, path = '/'): Promise<string> {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`No CSRF token on ${path} (status ${res.status})`);
  return match[1];
}

export interface FormField {
  tag: 'input' | 'textarea' | 'select';
  type: string;
  id: string;
  name: string;
  value: string;
  options: string[];
  multiple: boolean;
}

export interface HtmlForm {
  action: string;
  fields: FormField[];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The POST forms of a page, with their fields as the browser would submit them (a regex reader for our own templates). */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(match[1])) continue;
    const body = match[2];
    const fields: FormField[] = [];
    for (const el of body.matchAll(
      /<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g,
    )) {
      const tag = el[0];
      if (tag.startsWith('<input')) {
        const name = attr(tag, 'name');
        if (name)
          fields.push({
            tag: 'input',
            type: attr(tag, 'type') ?? 'text',
            id: attr(tag, 'id') ?? name,
            name,
            value: unescape(attr(tag, 'value') ?? ''),
            options: [],
            multiple: false,
          });
      } else if (tag.startsWith('<textarea')) {
        const name = attr(` ${el[1]}`, 'name');
        if (name)
          fields.push({
            tag: 'textarea',
            type: 'textarea',
            id: attr(` ${el[1]}`, 'id') ?? name,
            name,
            value: unescape(el[2]),
            options: [],
            multiple: false,
          });
      } else {
        const open = ` ${el[3]}`;
        const name = attr(open, 'name');
        if (!name) continue;
        const options = [...el[4].matchAll(/<option value="([^"]*)"( selected)?/g)];
        const selected = options.filter((o) => o[2]).map((o) => unescape(o[1]));
        fields.push({
          tag: 'select',
          type: 'select',
          id: attr(open, 'id') ?? name,
          name,
          value: selected[0] ?? '',
          options: options.map((o) => unescape(o[1])).filter((v) => v !== ''),
          multiple: /\smultiple\b/.test(open),
        });
      }
    }
    forms.push({ action: unescape(attr(match[1], 'action') ?? ''), fields });
  }
  return forms;
}

/** Hides what legitimately differs between two renderings of the same page: per-form tokens and the feed's timestamp. */
export function normalizePage(text: string): string {
  return text
    .replace(/name="_submission" value="[^"]*"/g, 'name="_submission" value=""')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/^DTSTAMP:.*$/gm, 'DTSTAMP:')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'uuid');
}

export { createUser };
