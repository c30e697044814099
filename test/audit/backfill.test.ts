import { HistoryClearance1764400000000 } from '../../migrations/1764400000000-HistoryClearance';
import { useApp } from '../support/app';
import { createMeeting, createCommitment } from '../support/commitments.factories';
import { createNote } from '../support/notes.factories';

// The migration that adds the audit events' levels fills them for existing events, raises
// commitments left below their source, and brings references to their one form.

const t = useApp();

async function event(type: string, id: number, action: string, changes: object, at: string) {
  await t.db.query(
    `INSERT INTO audit_events (action, entity_type, entity_id, changes, at) VALUES ($1, $2, $3, $4, $5)`,
    [action, type, id, JSON.stringify(changes), at],
  );
}

it('backfills each event’s levels from its own change, the next change or the record, and raises commitments below their source', async () => {
  const migration = new HistoryClearance1764400000000();
  const runner = t.db.createQueryRunner();
  try {
    await migration.down(runner);
    const meeting = await createMeeting(t.db, { title: 'Now public', classification: 'unclassified' });
    await event(
      'meeting',
      meeting,
      'create',
      { title: { before: null, after: 'Secret' }, classification: { before: null, after: 'confidential' } },
      '2016-01-01T10:00:00Z',
    );
    await event(
      'meeting',
      meeting,
      'update',
      { title: { before: 'Secret', after: 'Still secret' } },
      '2016-01-02T10:00:00Z',
    );
    await event(
      'meeting',
      meeting,
      'update',
      {
        title: { before: 'Still secret', after: 'Now public' },
        classification: { before: 'confidential', after: 'unclassified' },
      },
      '2016-01-03T10:00:00Z',
    );
    await event('meeting', meeting, 'delete', {}, '2016-01-04T10:00:00Z');
    const note = await createNote(t.db, { reference: 'UD\u20112015/1', classification: 'restricted' });
    await event('note', note, 'create', { subject: { before: null, after: 'x' } }, '2016-01-01T10:00:00Z');
    await event('commitment', 999, 'create', { text: { before: null, after: 'lost' } }, '2016-01-01T10:00:00Z');
    await event('ministry', 1, 'create', { name: { before: null, after: 'MFA' } }, '2016-01-01T10:00:00Z');
    const source = await createMeeting(t.db, { classification: 'confidential' });
    const low = await createCommitment(t.db, { meetingId: source, classification: 'restricted' });

    await migration.up(runner);

    const levels = await t.db.query(
      `SELECT entity_type AS type, action, classification_before AS before, classification_after AS after FROM audit_events WHERE user_id IS NULL ORDER BY id`,
    );
    expect(levels).toEqual([
      { type: 'meeting', action: 'create', before: 'confidential', after: 'confidential' },
      { type: 'meeting', action: 'update', before: 'confidential', after: 'confidential' },
      { type: 'meeting', action: 'update', before: 'confidential', after: 'unclassified' },
      { type: 'meeting', action: 'delete', before: 'unclassified', after: 'unclassified' },
      { type: 'note', action: 'create', before: 'restricted', after: 'restricted' },
      { type: 'commitment', action: 'create', before: 'confidential', after: 'confidential' },
      { type: 'ministry', action: 'create', before: null, after: null },
      { type: 'commitment', action: 'update', before: 'restricted', after: 'confidential' },
    ]);
    expect(await t.db.query(`SELECT classification, version FROM commitments WHERE id = $1`, [low])).toEqual([
      { classification: 'confidential', version: 2 },
    ]);
    expect(await t.db.query(`SELECT reference FROM notes WHERE id = $1`, [note])).toEqual([{ reference: 'UD-2015/1' }]);
  } finally {
    // Leave this worker's database as migrated, whatever happened above.
    const [column] = await t.db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_events' AND column_name = 'classification_after'`,
    );
    if (!column) await migration.up(runner);
    await runner.release();
  }
});
