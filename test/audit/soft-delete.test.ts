import { count, useApp } from '../support/app';
import { createMinistry, createUser } from '../support/factories';
import { setDeleted } from '../../src/audit/soft-delete';
import { visibleClassifications } from '../../src/web/clearance';

const t = useApp();

describe('setDeleted', () => {
  it('deletes and restores once each, audited, and writes nothing when there is nothing to change', async () => {
    const user = await createUser(t.db, { role: 'admin' });
    const scope = { userId: user.id, levels: visibleClassifications('confidential'), isAdmin: true };
    const [meeting] = await t.db.query(
      `INSERT INTO meetings (title, held_on) VALUES ('Oulu', '2015-10-14') RETURNING id`,
    );
    expect(await setDeleted(t.db, scope, 'meeting', meeting.id, false)).toBe(false);
    expect(await setDeleted(t.db, scope, 'meeting', meeting.id, true)).toBe(true);
    expect(await setDeleted(t.db, scope, 'meeting', meeting.id, true)).toBe(false);
    expect(await setDeleted(t.db, scope, 'meeting', meeting.id, false)).toBe(true);
    const events = await t.db.query(`SELECT action FROM audit_events WHERE entity_type = 'meeting' ORDER BY id`);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['delete', 'restore']);
    const ministry = await createMinistry(t.db);
    expect(await setDeleted(t.db, scope, 'ministry', ministry, true)).toBe(true);
    expect(await count(t.db, `audit_events WHERE entity_type = 'ministry'`)).toBe(1);
  });

  it("leaves a record above the user's clearance alone", async () => {
    const user = await createUser(t.db, { clearance: 'restricted' });
    const scope = { userId: user.id, levels: visibleClassifications('restricted'), isAdmin: false };
    const [note] = await t.db.query(
      `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, classification) VALUES ('X-1', 'letter', '2016-01-19', $1, $2, 'Secret', 'confidential') RETURNING id`,
      [await createMinistry(t.db), await createMinistry(t.db)],
    );
    expect(await setDeleted(t.db, scope, 'note', note.id, true)).toBe(false);
    expect(await count(t.db, 'notes WHERE deleted_at IS NULL')).toBe(1);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });
});
