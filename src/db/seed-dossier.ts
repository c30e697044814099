import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import { selectRows } from './rows';
import type { MinistryKey, OfficialKey } from './demo-data';
import * as dossier from './demo-dossier';

type Ids<K extends string> = Record<K, number>;

async function insert(
  tx: EntityManager,
  sql: string,
  params: unknown[],
  entityType: string,
  summary: Record<string, unknown>,
): Promise<number> {
  const [row] = await selectRows<{ id: number }>(tx, `${sql} RETURNING id`, params);
  await audit(tx, null, 'create', entityType, row.id, null, summary);
  return row.id;
}

/** The negotiation, its meetings, notes, agreements, commitments and follow-ups. */
export async function seedRecords(
  tx: EntityManager,
  ministries: Ids<MinistryKey>,
  officials: Ids<OfficialKey>,
  users: { staff: number; manager: number },
): Promise<void> {
  const n = dossier.negotiation;
  const negotiationId = await insert(
    tx,
    `INSERT INTO negotiations (title, status, summary) VALUES ($1, $2, $3)`,
    [n.title, n.status, n.summary],
    'negotiation',
    { title: n.title },
  );
  for (const party of n.parties)
    await tx.query(`INSERT INTO negotiation_parties (negotiation_id, ministry_id) VALUES ($1, $2)`, [
      negotiationId,
      ministries[party],
    ]);

  const agreements = {} as Ids<dossier.AgreementKey>;
  for (const a of dossier.agreements) {
    agreements[a.key] = await insert(
      tx,
      `INSERT INTO agreements (title, kind, status, signed_on, in_force_on, parent_id, negotiation_id, summary, classification) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.title,
        a.kind,
        a.status,
        a.signedOn,
        a.inForceOn,
        a.parent ? agreements[a.parent] : null,
        a.key === 'readmission2007' ? null : negotiationId,
        a.summary,
        a.classification,
      ],
      'agreement',
      { title: a.title },
    );
    for (const party of a.parties)
      await tx.query(`INSERT INTO agreement_parties (agreement_id, ministry_id) VALUES ($1, $2)`, [
        agreements[a.key],
        ministries[party],
      ]);
  }

  const meetings = {} as Ids<dossier.MeetingKey>;
  for (const m of dossier.meetings) {
    meetings[m.key] = await insert(
      tx,
      `INSERT INTO meetings (title, held_on, location, occasion, negotiation_id, summary, classification) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [m.title, m.heldOn, m.location, m.occasion, negotiationId, m.summary, m.classification],
      'meeting',
      { title: m.title },
    );
    for (const p of m.participants)
      await tx.query(`INSERT INTO meeting_participants (meeting_id, official_id) VALUES ($1, $2)`, [
        meetings[m.key],
        officials[p],
      ]);
  }

  const notes = {} as Ids<dossier.NoteKey>;
  for (const note of dossier.notes) {
    notes[note.key] = await insert(
      tx,
      `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, body, in_reply_to_id, reply_due_on, negotiation_id, classification) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        note.reference,
        note.kind,
        note.sentOn,
        ministries[note.from],
        ministries[note.to],
        note.subject,
        note.body,
        note.inReplyTo ? notes[note.inReplyTo] : null,
        note.replyDueOn ?? null,
        negotiationId,
        note.classification,
      ],
      'note',
      { reference: note.reference, subject: note.subject },
    );
  }

  const commitments = {} as Ids<dossier.CommitmentKey>;
  for (const c of dossier.commitments) {
    const source = c.source;
    const sourceType =
      'meeting' in source ? 'meeting' : 'note' in source ? 'note' : 'agreement' in source ? 'agreement' : 'statement';
    commitments[c.key] = await insert(
      tx,
      `INSERT INTO commitments (text, made_by_id, made_by_title, party_id, counterpart_id, strength, source_type, meeting_id, note_id, agreement_id, source_url, made_on, due_on, owner_id, negotiation_id, classification)
       VALUES ($1, $2::integer,
               (SELECT title FROM official_positions WHERE official_id = $2::integer AND started_on <= $11::date AND (ended_on IS NULL OR ended_on >= $11::date) ORDER BY started_on DESC LIMIT 1),
               $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        c.text,
        c.madeBy ? officials[c.madeBy] : null,
        ministries[c.party],
        ministries[c.counterpart],
        c.strength,
        sourceType,
        'meeting' in source ? meetings[source.meeting] : null,
        'note' in source ? notes[source.note] : null,
        'agreement' in source ? agreements[source.agreement] : null,
        'url' in source ? source.url : null,
        c.madeOn,
        c.dueOn ?? null,
        users[c.owner],
        negotiationId,
        c.classification,
      ],
      'commitment',
      { text: c.text },
    );
  }

  for (const f of dossier.followUps) {
    const id = commitments[f.commitment];
    const e = f.evidence;
    await tx.query(
      `INSERT INTO follow_ups (commitment_id, recorded_on, author_id, previous_status, status, note, evidence_meeting_id, evidence_note_id, evidence_agreement_id)
       SELECT $1, $2, $3, status, $4, $5, $6, $7, $8 FROM commitments WHERE id = $1`,
      [
        id,
        f.recordedOn,
        users[f.author],
        f.status,
        f.note,
        e && 'meeting' in e ? meetings[e.meeting] : null,
        e && 'note' in e ? notes[e.note] : null,
        e && 'agreement' in e ? agreements[e.agreement] : null,
      ],
    );
    await tx.query(`UPDATE commitments SET status = $2, last_follow_up_on = $3 WHERE id = $1`, [
      id,
      f.status,
      f.recordedOn,
    ]);
  }
}
