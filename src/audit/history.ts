import type { DataSource, EntityManager } from 'typeorm';
import type { Clearance } from '../config';
import { selectRows } from '../db/rows';
import { RecordNames, type RecordKind } from '../web/record-names';
import type { Scope } from '../web/records';
import type { AuditAction } from './audit.service';
import { formatHistoryTime } from './history-time';

// The History section as a reader may read it: field labels, linked records by name (never an
// id, never the name of a record they may not see), and no values of an event that happened
// while the record was above their clearance.

export interface HistoryEntry {
  when: string;
  iso: string;
  action: AuditAction;
  userName: string | null;
  hidden: boolean;
  changes: { label: string; before: string; after: string }[];
}

interface Field {
  label: string;
  ref?: RecordKind;
  words?: boolean;
  /** An id of a kind this file cannot name: shown as "a linked record", never as the number. */
  opaque?: boolean;
}

const f = (label: string, ref?: RecordKind): Field => ({ label, ref });
const w = (label: string): Field => ({ label, words: true });

const COMMON: Record<string, Field> = {
  title: f('Title'),
  summary: f('Summary'),
  classification: w('Classification'),
  negotiationId: f('Negotiation', 'negotiation'),
  kind: w('Kind'),
  status: w('Status'),
  name: f('Name'),
};

const FIELDS: Record<string, Record<string, Field>> = {
  meeting: {
    heldOn: f('Held on'),
    location: f('Location'),
    occasion: f('Occasion'),
    participantIds: f('Participants', 'official'),
  },
  note: {
    reference: f('Reference'),
    sentOn: f('Sent on'),
    fromId: f('From', 'ministry'),
    toId: f('To', 'ministry'),
    subject: f('Subject'),
    body: f('Text'),
    inReplyToId: f('In reply to', 'note'),
    replyDueOn: f('Reply due on'),
  },
  agreement: {
    signedOn: f('Signed on'),
    inForceOn: f('In force from'),
    partyIds: f('Parties', 'ministry'),
    parentId: f('Amends or supplements', 'agreement'),
  },
  commitment: {
    text: f('Words'),
    madeById: f('Made by', 'official'),
    madeByTitle: f('Title of the maker'),
    partyId: f('Party', 'ministry'),
    counterpartId: f('Counterpart', 'ministry'),
    strength: w('Strength'),
    sourceType: w('Source'),
    meetingId: f('Meeting', 'meeting'),
    noteId: f('Note', 'note'),
    agreementId: f('Agreement', 'agreement'),
    sourceUrl: f('Statement address'),
    madeOn: f('Made on'),
    dueOn: f('Due on'),
    ownerId: f('Owner', 'user'),
  },
  follow_up: {
    commitmentId: f('Commitment', 'commitment'),
    recordedOn: f('Recorded on'),
    previousStatus: w('Previous status'),
    note: f('Why'),
    evidenceMeetingId: f('Evidence: meeting', 'meeting'),
    evidenceNoteId: f('Evidence: note', 'note'),
    evidenceAgreementId: f('Evidence: agreement', 'agreement'),
    evidenceUrl: f('Evidence: address'),
  },
  ministry: { shortName: f('Short name'), countryCode: f('Country'), parentId: f('Part of', 'ministry') },
  official: {
    fullName: f('Full name'),
    nativeName: f('Native name'),
    ministryId: f('Ministry', 'ministry'),
    ministry: f('Ministry'),
    startedOn: f('Started on'),
    positionStartedOn: f('Position from'),
    previousPositionEndedOn: f('Previous position ended on'),
  },
  negotiation: { parties: f('Parties') },
  user: { email: f('Email'), role: w('Role'), clearance: w('Clearance'), disabled: f('Disabled') },
};

/** A key the tables above do not know: its words ("someField" → "Some field"); an id it cannot name is never shown. */
function fieldOf(entityType: string, key: string): Field {
  const known = FIELDS[entityType]?.[key] ?? COMMON[key];
  if (known) return known;
  const words = key
    .replace(/Ids?$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), opaque: /Ids?$/.test(key) };
}

function text(field: Field, value: unknown, names: RecordNames): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field.opaque) return 'a linked record';
  if (field.ref) {
    const named = names.label(field.ref, value);
    return Array.isArray(named) ? named.join(', ') || '—' : (named ?? '—');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value !== 'string' && typeof value !== 'number') return '—';
  const s = String(value);
  return field.words ? s.replace(/_/g, ' ') : s;
}

/** An audit event as History reads it; `at` is a Date from a plain query, epoch milliseconds from a JSON one. */
export interface HistoryRow {
  at: Date | number;
  action: AuditAction;
  userName: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }>;
  levelBefore: Clearance | null;
  levelAfter: Clearance | null;
}
type Row = HistoryRow;

/** The newest 100 events of one record, as HistoryRow; `type` and `id` are SQL expressions (bound parameters or columns). */
export const historyRowsSql = (type: string, id: string, at = 'a.at') =>
  `SELECT ${at} AS at, a.action, u.name AS "userName", a.changes, a.classification_before AS "levelBefore", a.classification_after AS "levelAfter"
     FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
    WHERE a.entity_type = ${type} AND a.entity_id = ${id}
    ORDER BY a.at DESC, a.id DESC LIMIT 100`;

const CLASSIFIED = new Set(['meeting', 'note', 'agreement', 'commitment', 'follow_up']);

/** The reader sees an event's values only when cleared for the record's level both before and after it. */
function clearedFor(entityType: string, row: Row, scope: Scope): boolean {
  if (!CLASSIFIED.has(entityType)) return true;
  return [row.levelBefore, row.levelAfter].every((level) => level !== null && scope.levels.includes(level));
}

export async function history(
  db: DataSource | EntityManager,
  scope: Scope,
  timeZone: string,
  entityType: string,
  entityId: number,
): Promise<HistoryEntry[]> {
  return historyEntries(
    db,
    scope,
    timeZone,
    entityType,
    await selectRows<HistoryRow>(db, historyRowsSql('$1', '$2'), [entityType, entityId]),
  );
}

/** The events as the reader may read them; the linked records' names cost one statement, none when no event links any. */
export async function historyEntries(
  db: DataSource | EntityManager,
  scope: Scope,
  timeZone: string,
  entityType: string,
  rows: HistoryRow[],
): Promise<HistoryEntry[]> {
  const names = new RecordNames();
  const cleared = rows.map((row) => clearedFor(entityType, row, scope));
  rows.forEach((row, i) => {
    if (!cleared[i]) return;
    for (const [key, change] of Object.entries(row.changes)) {
      const { ref } = fieldOf(entityType, key);
      if (ref) {
        names.want(ref, change.before);
        names.want(ref, change.after);
      }
    }
  });
  await names.load(db, scope);
  return rows.map((row, i) => {
    const at = new Date(row.at);
    const base = { when: formatHistoryTime(at, timeZone), iso: at.toISOString(), action: row.action };
    if (!cleared[i]) return { ...base, userName: null, hidden: true, changes: [] };
    const changes = Object.entries(row.changes)
      .map(([key, change]) => {
        const field = fieldOf(entityType, key);
        return {
          label: field.label,
          before: text(field, change.before, names),
          after: text(field, change.after, names),
        };
      })
      // A create lists what was filled in; its empty fields say nothing.
      .filter((change) => row.action !== 'create' || change.after !== '—');
    return { ...base, userName: row.userName, hidden: false, changes };
  });
}
