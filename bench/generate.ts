import type { Client } from 'pg';

// A synthetic record of a given size, the same on every run: every value is a function of the
// row number, never of random(). About 30 % of commitments are open; three follow-ups each.

const WORDS = [
  'readmission',
  'border',
  'visa',
  'return',
  'asylum',
  'delegation',
  'protocol',
  'fisheries',
  'quota',
  'pipeline',
  'sanctions',
  'consular',
  'transit',
  'airspace',
  'embassy',
  'treaty',
  'report',
  'inspection',
  'cooperation',
  'dialogue',
];
export const RARE_WORD = 'Storskog';
export const COMMON_WORD = 'border';

const h = (expr: string, m: number) => `(((${expr})::bigint * 2654435761) % ${m})`;
const word = (expr: string) => `(ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + ${h(expr, WORDS.length)}]`;

export async function generate(
  client: Client,
  commitments: number,
  log: (s: string) => void = () => {},
): Promise<void> {
  const ministries = 48;
  const officials = Math.max(60, Math.min(600, Math.round(commitments / 1500)));
  const meetings = Math.max(50, Math.round(commitments / 10));
  const notes = Math.max(50, Math.round(commitments / 10));
  const agreements = Math.max(20, Math.round(commitments / 1000));
  const users = 25;
  const step = async (label: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

  await step(
    'users',
    `INSERT INTO users (email, name, role, clearance, password_hash)
    SELECT 'user' || i || '@bench.test', 'Bench User ' || i, (ARRAY['staff','manager','admin'])[1 + i % 3], (ARRAY['unclassified','restricted','confidential'])[1 + i % 3], 'x'
      FROM generate_series(1, ${users}) i`,
  );
  await step(
    'ministries',
    `INSERT INTO ministries (name, short_name, kind, country_code)
    SELECT 'Ministry ' || i || ' of ' || (ARRAY['Norway','Russia','Finland','Sweden','Germany','France'])[1 + i % 6], 'M' || i,
           (ARRAY['ministry','agency','directorate','service','embassy'])[1 + i % 5], (ARRAY['NO','RU','FI','SE','DE','FR'])[1 + i % 6]
      FROM generate_series(1, ${ministries}) i`,
  );
  await step(
    'officials',
    `INSERT INTO officials (full_name, native_name) SELECT 'Official ' || i || ' ' || ${word('i')}, CASE WHEN i % 6 = 1 THEN 'Чиновник ' || i END FROM generate_series(1, ${officials}) i`,
  );
  await step(
    'positions',
    `INSERT INTO official_positions (official_id, ministry_id, title, started_on)
    SELECT i, 1 + i % ${ministries}, (ARRAY['Minister','Deputy Minister','Director General','Ambassador','Head of Section'])[1 + i % 5], date '2000-01-01' FROM generate_series(1, ${officials}) i`,
  );
  await step(
    'negotiations',
    `INSERT INTO negotiations (title, status) SELECT 'Negotiation ' || i || ' on ' || ${word('i')}, (ARRAY['active','paused','concluded'])[1 + i % 3] FROM generate_series(1, 50) i`,
  );
  await step(
    'meetings',
    `INSERT INTO meetings (title, held_on, location, negotiation_id, summary, classification)
    SELECT 'Meeting ' || i || ' on ' || ${word('i')}, date '2015-01-01' + ${h('i', 3650)}::int, 'City ' || (i % 40), 1 + i % 50,
           'Discussed ' || ${word('i + 1')} || ' and ' || ${word('i + 2')} || CASE WHEN i % 9973 = 0 THEN ' at ${RARE_WORD}' ELSE '' END,
           (ARRAY['unclassified','unclassified','unclassified','restricted','confidential'])[1 + i % 5]
      FROM generate_series(1, ${meetings}) i`,
  );
  await step(
    'participants',
    `INSERT INTO meeting_participants (meeting_id, official_id)
    SELECT i, 1 + ${h('i', officials)} FROM generate_series(1, ${meetings}) i
    UNION SELECT i, 1 + ${h('i + 7', officials)} FROM generate_series(1, ${meetings}) i`,
  );
  await step(
    'notes',
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, reply_due_on, negotiation_id, classification)
    SELECT 'REF-' || i, (ARRAY['note_verbale','formal_note','letter','aide_memoire','request','other'])[1 + i % 6], date '2015-01-01' + ${h('i', 3650)}::int,
           1 + i % ${ministries}, 1 + (i + 1) % ${ministries}, 'Note on ' || ${word('i')}, CASE WHEN i % 4 = 0 THEN date '2015-02-01' + ${h('i', 3650)}::int END, 1 + i % 50,
           (ARRAY['unclassified','unclassified','unclassified','restricted','confidential'])[1 + i % 5]
      FROM generate_series(1, ${notes}) i`,
  );
  await step(
    'agreements',
    `INSERT INTO agreements (title, kind, status, signed_on, negotiation_id, classification)
    SELECT 'Agreement ' || i || ' on ' || ${word('i')}, (ARRAY['treaty','agreement','protocol','memorandum','arrangement'])[1 + i % 5],
           (ARRAY['negotiating','signed','in_force','suspended','terminated'])[1 + i % 5], date '2000-01-01' + (i % 9000), 1 + i % 50, 'unclassified'
      FROM generate_series(1, ${agreements}) i`,
  );
  await step(
    'agreement parties',
    `INSERT INTO agreement_parties SELECT i, 1 + i % ${ministries} FROM generate_series(1, ${agreements}) i UNION SELECT i, 1 + (i + 1) % ${ministries} FROM generate_series(1, ${agreements}) i`,
  );
  // Open statuses for 30 % of rows; source kinds meeting 50 %, note 30 %, agreement 10 %, statement 10 %.
  await step(
    'commitments',
    `INSERT INTO commitments (text, made_by_id, made_by_title, party_id, counterpart_id, strength, source_type, meeting_id, note_id, agreement_id, source_url,
                                  made_on, due_on, owner_id, status, negotiation_id, classification, last_follow_up_on)
    SELECT 'Will ' || ${word('i')} || ' the ' || ${word('i + 3')} || ' matter ' || i || CASE WHEN i % 10007 = 0 THEN ' at ${RARE_WORD}' ELSE '' END,
           1 + i % ${officials}, 'Minister', 1 + i % ${ministries}, 1 + (i + 1 + (i / ${ministries}) % ${ministries - 1}) % ${ministries},
           (ARRAY['pledge','will_consider','intent'])[1 + i % 3],
           s.kind, CASE WHEN s.kind = 'meeting' THEN 1 + i % ${meetings} END, CASE WHEN s.kind = 'note' THEN 1 + i % ${notes} END,
           CASE WHEN s.kind = 'agreement' THEN 1 + i % ${agreements} END, CASE WHEN s.kind = 'statement' THEN 'https://example.test/statement/' || i END,
           d.made_on, d.made_on + 30 + ${h('i', 330)}::int, 1 + i % ${users},
           CASE WHEN ${h('i', 10)} < 3 THEN (ARRAY['open','in_progress','stalled'])[1 + i % 3] ELSE (ARRAY['fulfilled','partially_fulfilled','broken','withdrawn','superseded'])[1 + i % 5] END,
           1 + i % 50, (ARRAY['unclassified','unclassified','unclassified','restricted','confidential'])[1 + i % 5], d.made_on + 90
      FROM generate_series(1, ${commitments}) i,
           LATERAL (SELECT date '2015-01-01' + ${h('i', 3650)}::int AS made_on) d,
           LATERAL (SELECT CASE WHEN i % 10 < 5 THEN 'meeting' WHEN i % 10 < 8 THEN 'note' WHEN i % 10 < 9 THEN 'agreement' ELSE 'statement' END AS kind) s`,
  );
  await step(
    'follow-ups',
    `INSERT INTO follow_ups (commitment_id, recorded_on, author_id, previous_status, status, note)
    SELECT c.id, c.made_on + n * 30, c.owner_id, CASE WHEN n = 1 THEN 'open' ELSE 'in_progress' END, CASE WHEN n = 3 THEN c.status ELSE 'in_progress' END, 'Progress ' || n || ' on ' || c.id
      FROM commitments c, generate_series(1, 3) n`,
  );
  // VACUUM as well as ANALYZE: otherwise autovacuum wakes up on the freshly inserted millions in
  // the middle of the measurements (it slowed one run's common-word search by half).
  await step('vacuum and analyze', 'VACUUM (ANALYZE)');
}
