import { DroppingClient } from '../../src/db/dropping-client';
import { loginAs, useApp } from '../support/app';
import { createCommitment, createDossier, createMeeting, createNegotiation } from '../support/commitments.factories';

const t = useApp();

/** A restricted meeting with two participants, a commitment at each level and a History naming a negotiation and officials. */
async function seedMeeting() {
  const d = await createDossier(t.db);
  const negotiation = await createNegotiation(t.db, { title: 'Storskog crossings and readmission' });
  const id = await createMeeting(t.db, {
    title: 'Brende–Lavrov, Oulu',
    heldOn: '2015-10-21',
    classification: 'restricted',
    negotiationId: negotiation,
    participantIds: [d.brende, d.listhaug],
  });
  await createCommitment(t.db, {
    meetingId: id,
    text: 'I will look into the matter',
    madeById: d.lavrov,
    partyId: d.ruMfa,
    counterpartId: d.noMfa,
    classification: 'restricted',
  });
  await createCommitment(t.db, {
    meetingId: id,
    text: 'Back-channel promise',
    partyId: d.ruMfa,
    counterpartId: d.noMfa,
    classification: 'confidential',
  });
  const event = (at: string, action: string, changes: object, before: string | null, after: string) =>
    t.db.query(
      `INSERT INTO audit_events (at, action, entity_type, entity_id, changes, classification_before, classification_after) VALUES ($1, $2, 'meeting', $3, $4, $5, $6)`,
      [at, action, id, JSON.stringify(changes), before, after],
    );
  await event(
    '2015-10-22T08:00:00Z',
    'create',
    {
      title: { after: 'Brende–Lavrov, Oulu' },
      negotiationId: { after: negotiation },
      participantIds: { after: [d.brende, d.listhaug] },
    },
    'restricted',
    'restricted',
  );
  await event(
    '2015-10-23T08:00:00Z',
    'update',
    { summary: { before: null, after: 'Talked while confidential' } },
    'restricted',
    'confidential',
  );
  return { id, d };
}

describe('GET /meetings/:id', () => {
  it('shows participants with their title on the day, the commitments and History the reader may see, in at most 3 statements, session included', async () => {
    const { id } = await seedMeeting();
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    await agent.get(`/meetings/${id}`); // the session's first renewal is behind us
    const query = jest.spyOn(DroppingClient.prototype, 'query');
    let text: string;
    try {
      const res = await agent.get(`/meetings/${id}`);
      expect(res.status).toBe(200);
      text = res.text;
      expect(query.mock.calls.length).toBeGreaterThan(0);
      expect(query.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      query.mockRestore();
    }
    expect(text).toContain('Brende–Lavrov, Oulu');
    expect(text).toContain('Storskog crossings and readmission');
    // Listhaug's post on 2015-10-21, not the one she took in December.
    expect(text).toContain('Minister of Agriculture and Food');
    expect(text).not.toContain('Minister of Immigration and Integration');
    expect(text).toContain('I will look into the matter');
    expect(text).toContain('Sergey Lavrov · ');
    expect(text).not.toContain('Back-channel promise');
    // History names the linked records, and hides the values of the event above the reader's clearance.
    expect(text).toMatch(/Participants[\s\S]*Børge Brende, Sylvi Listhaug/);
    expect(text).toContain('2015-10-22');
    expect(text).toContain('changed while classified above your clearance');
    expect(text).not.toContain('Talked while confidential');
  });

  it("answers 404 for a meeting above the reader's clearance, and shows the confidential commitment to a cleared reader", async () => {
    const { id } = await seedMeeting();
    await t.db.query(`UPDATE meetings SET classification = 'confidential' WHERE id = $1`, [id]);
    const restricted = await loginAs(t, { clearance: 'restricted' });
    const res = await restricted.agent.get(`/meetings/${id}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Brende–Lavrov');
    const cleared = await loginAs(t, { clearance: 'confidential' });
    const page = await cleared.agent.get(`/meetings/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Back-channel promise');
    expect(page.text).toContain('Talked while confidential');
  });
});
