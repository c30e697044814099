import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each audit event carries the record's classification before and after it, so History can show
// a reader only the events whose values they were cleared for at both ends.
//
// Backfill, for the classified records (meetings, notes, agreements, commitments): an event that
// changed the classification (every create of these records, and edits of it) carries its own
// before/after; any other event happened at the level in force then, which is the `before` of the
// next event that changed it, or the record's current classification. A record that cannot be
// found takes `confidential`. A follow-up takes its commitment's level at that time, or its level
// now when that is more restrictive.
const RANK = `array_position(ARRAY['unclassified', 'restricted', 'confidential']::text[], %)`;
const rank = (expr: string) => RANK.replace('%', expr);
const LEVEL = `text CHECK (%I IN ('unclassified', 'restricted', 'confidential'))`;
/** As src/notes/note-reference.ts, frozen here so the migration does what it did when written. */
function canonicalReference(raw: string): string {
  return raw
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Variation_Selector}\u115F\u1160\u3164\uFFA0]|\u034F|\u17B4|\u17B5/gu, '')
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

const TABLES: Record<string, string> = {
  meeting: 'meetings',
  note: 'notes',
  agreement: 'agreements',
  commitment: 'commitments',
};

export class HistoryClearance1764400000000 implements MigrationInterface {
  name = 'HistoryClearance1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE audit_events ADD COLUMN classification_before ${LEVEL.replace('%I', 'classification_before')}`,
    );
    await q.query(
      `ALTER TABLE audit_events ADD COLUMN classification_after ${LEVEL.replace('%I', 'classification_after')}`,
    );

    for (const [type, table] of Object.entries(TABLES)) {
      await q.query(
        `UPDATE audit_events a
            SET classification_after = coalesce(a.changes #>> '{classification,after}', x.level),
                classification_before = coalesce(a.changes #>> '{classification,before}', a.changes #>> '{classification,after}', x.level)
           FROM (
             SELECT e.id, coalesce(
                      (SELECT n.changes #>> '{classification,before}' FROM audit_events n
                        WHERE n.entity_type = e.entity_type AND n.entity_id = e.entity_id AND n.changes ? 'classification'
                          AND n.changes #>> '{classification,before}' IS NOT NULL AND (n.at, n.id) > (e.at, e.id)
                        ORDER BY n.at, n.id LIMIT 1),
                      (SELECT r.classification FROM ${table} r WHERE r.id = e.entity_id),
                      'confidential') AS level
               FROM audit_events e WHERE e.entity_type = $1
           ) x
          WHERE a.id = x.id`,
        [type],
      );
    }
    await q.query(
      `UPDATE audit_events f
          SET classification_before = x.level, classification_after = x.level
         FROM (
           SELECT e.id,
                  CASE WHEN ${rank('c.then')} > ${rank('c.now')} THEN c.then ELSE coalesce(c.now, 'confidential') END AS level
             FROM audit_events e
             LEFT JOIN follow_ups fu ON fu.id = e.entity_id
             LEFT JOIN LATERAL (
               SELECT (SELECT classification FROM commitments WHERE id = fu.commitment_id) AS now,
                      (SELECT ce.classification_after FROM audit_events ce
                        WHERE ce.entity_type = 'commitment' AND ce.entity_id = fu.commitment_id AND (ce.at, ce.id) <= (e.at, e.id)
                        ORDER BY ce.at DESC, ce.id DESC LIMIT 1) AS then
             ) c ON true
            WHERE e.entity_type = 'follow_up'
         ) x
        WHERE f.id = x.id`,
    );

    // The rule "a commitment is never classified below the record it quotes" now holds after
    // every edit; commitments left below their source by earlier edits are raised, and audited.
    for (const [type, table] of Object.entries(TABLES).filter(([t]) => t !== 'commitment')) {
      await q.query(
        `WITH low AS (
           SELECT c.id, c.classification AS old, s.classification AS new FROM commitments c JOIN ${table} s ON s.id = c.${type}_id
            WHERE ${rank('c.classification')} < ${rank('s.classification')}),
         raised AS (
           UPDATE commitments c SET classification = low.new, version = c.version + 1, updated_at = now() FROM low WHERE c.id = low.id RETURNING c.id)
         INSERT INTO audit_events (user_id, action, entity_type, entity_id, changes, classification_before, classification_after)
         SELECT NULL, 'update', 'commitment', low.id, jsonb_build_object('classification', jsonb_build_object('before', low.old, 'after', low.new)), low.old, low.new
           FROM low JOIN raised ON raised.id = low.id`,
      );
    }

    // References are now stored in one form (NFKC, ASCII hyphens, no invisible characters), so the
    // unique index on lower(reference) also catches look-alikes. Existing references are brought to
    // it unless that would clash with another note, which keeps its reference as it was.
    const odd = (await q.query(`SELECT id, reference FROM notes WHERE reference !~ '^[ -~]*$'`)) as {
      id: number;
      reference: string;
    }[];
    for (const note of odd) {
      const canonical = canonicalReference(note.reference);
      if (canonical === note.reference || canonical === '') continue;
      await q.query(
        `UPDATE notes SET reference = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM notes o WHERE lower(o.reference) = lower($2) AND o.id <> $1)`,
        [note.id, canonical],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP COLUMN classification_after`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN classification_before`);
  }
}
