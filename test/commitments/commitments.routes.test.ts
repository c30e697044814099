import type request from 'supertest';
import { count, csrfToken, loginAs, postForm, useApp } from '../support/app';
import { createUser } from '../support/factories';
import { fieldError, submissionToken } from '../support/form-html';
import {
  createAgreement,
  createCommitment,
  createDossier,
  createMeeting,
  createNegotiation,
  createNote,
} from '../support/commitments.factories';

const t = useApp();

async function postNew(agent: request.Agent, fields: Record<string, unknown>, formPath = '/commitments/new') {
  const form = await agent.get(formPath);
  return postForm(agent, '/commitments', { _submission: submissionToken(form.text), ...fields }, formPath);
}

describe('POST /commitments', () => {
  it('prefills the source from ?meetingId= and saves a commitment made at that meeting with the maker’s title', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const negotiation = await createNegotiation(t.db);
    const meeting = await createMeeting(t.db, {
      title: 'Oulu BEAC',
      heldOn: '2015-10-21',
      classification: 'restricted',
      negotiationId: negotiation,
    });
    const form = await agent.get(`/commitments/new?meetingId=${meeting}`);
    expect(form.text).toMatch(new RegExp(`name="meetingId"[\\s\\S]*?<option value="${meeting}" selected>`));
    expect(form.text).toContain('value="2015-10-21"');
    const res = await postNew(
      agent,
      {
        text: 'I will look into the matter',
        madeById: String(d.lavrov),
        partyId: String(d.ruMfa),
        counterpartId: String(d.noMfa),
        strength: 'will_consider',
        madeOn: '2015-10-21',
        dueOn: '2015-11-15',
        meetingId: String(meeting),
        ownerId: String(user.id),
        negotiationId: String(negotiation),
        classification: 'restricted',
        status: 'fulfilled',
        version: '99',
        deletedAt: '2020-01-01',
      },
      `/commitments/new?meetingId=${meeting}`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(
      `SELECT id, source_type, meeting_id, made_by_title, status, version, deleted_at, created_by, classification FROM commitments`,
    );
    expect(row).toMatchObject({
      source_type: 'meeting',
      meeting_id: meeting,
      made_by_title: 'Minister of Foreign Affairs',
      status: 'open',
      version: 1,
      deleted_at: null,
      created_by: user.id,
      classification: 'restricted',
    });
    expect(res.headers.location).toBe(`/commitments/${row.id}`);
    expect(await count(t.db, `audit_events WHERE entity_type = 'commitment' AND action = 'create'`)).toBe(1);
  });

  it('saves a commitment from a note, from an agreement and from a public statement', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const note = await createNote(t.db, { reference: 'NV-2016-01', fromId: d.ruMfa, toId: d.noMfa });
    const agreement = await createAgreement(t.db, { title: 'Readmission agreement 2007' });
    const base = {
      madeById: String(d.lavrov),
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2016-01-26',
      ownerId: String(user.id),
      classification: 'unclassified',
    };
    const prefilled = await agent.get(`/commitments/new?noteId=${note}`);
    expect(prefilled.text).toMatch(new RegExp(`name="partyId"[\\s\\S]*?<option value="${d.ruMfa}" selected>`));
    for (const [source, expected] of [
      [{ noteId: String(note) }, { source_type: 'note', note_id: note }],
      [{ agreementId: String(agreement) }, { source_type: 'agreement', agreement_id: agreement }],
      [
        { sourceUrl: 'https://sputniknews.com/world/201601271033765950/' },
        { source_type: 'statement', source_url: 'https://sputniknews.com/world/201601271033765950/' },
      ],
    ] as const) {
      const res = await postNew(agent, { ...base, text: `From ${Object.keys(source)[0]}`, ...source });
      expect(res.status).toBe(303);
      const [row] = await t.db.query(
        `SELECT source_type, note_id, agreement_id, source_url FROM commitments WHERE text = $1`,
        [`From ${Object.keys(source)[0]}`],
      );
      expect(row).toMatchObject(expected);
    }
    expect(await count(t.db, 'commitments')).toBe(3);
  });

  it.each([
    ['a javascript: address', { sourceUrl: 'javascript:alert(1)' }, 'sourceUrl', 'http://'],
    ['a data: address', { sourceUrl: 'data:text/html,hi' }, 'sourceUrl', 'http://'],
    ['no source', {}, 'source', 'Give the source'],
    ['two sources', { sourceUrl: 'https://nrk.no/x', noteId: '1' }, 'source', 'only one source'],
  ])('refuses %s with 422 and saves nothing', async (_label, source, field, message) => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postNew(agent, {
      text: 'Words kept 🙂',
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2016-01-26',
      ownerId: String(user.id),
      classification: 'unclassified',
      ...source,
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, field)).toContain(message);
    expect(res.text).toContain('Words kept 🙂');
    expect(await count(t.db, 'commitments')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('refuses a source the user may not see, a classification below the source’s, a missing party and a disabled owner', async () => {
    const { agent, user } = await loginAs(t, { clearance: 'restricted' });
    const d = await createDossier(t.db);
    const secret = await createMeeting(t.db, { classification: 'confidential' });
    const restricted = await createMeeting(t.db, { classification: 'restricted' });
    const disabled = await createUser(t.db, { disabled: true });
    const base = {
      text: 'x',
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2016-01-26',
      ownerId: String(user.id),
      classification: 'unclassified',
    };
    const hidden = await postNew(agent, { ...base, meetingId: String(secret) });
    expect(hidden.status).toBe(422);
    expect(fieldError(hidden.text, 'meetingId')).toBe('Choose an entry from the list.');
    const lower = await postNew(agent, { ...base, meetingId: String(restricted) });
    expect(lower.status).toBe(422);
    expect(fieldError(lower.text, 'classification')).toContain('restricted or higher');
    const refs = await postNew(agent, {
      ...base,
      partyId: '999999',
      ownerId: String(disabled.id),
      sourceUrl: 'https://nrk.no',
      dueOn: '2016-01-01',
    });
    expect(refs.status).toBe(422);
    expect(fieldError(refs.text, 'partyId')).toBe('Choose an entry from the list.');
    expect(fieldError(refs.text, 'ownerId')).toContain('active user');
    expect(fieldError(refs.text, 'dueOn')).toContain('cannot be before');
    expect(await count(t.db, 'commitments')).toBe(0);
  });

  it('creates one commitment when the same form is submitted twice', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const form = await agent.get('/commitments/new');
    const fields = {
      _submission: submissionToken(form.text),
      text: 'Once',
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2016-01-26',
      ownerId: String(user.id),
      classification: 'unclassified',
      sourceUrl: 'https://nrk.no',
    };
    const first = await postForm(agent, '/commitments', fields, '/commitments/new');
    const second = await postForm(agent, '/commitments', fields, '/commitments/new');
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'commitments')).toBe(1);
  });
});

describe('GET /commitments/:id', () => {
  it('shows the words, source, maker with title, parties, direction, dates with overdue, owner and status', async () => {
    const { agent, user } = await loginAs(t, { name: 'Ingrid Ødegård' });
    const d = await createDossier(t.db);
    const meeting = await createMeeting(t.db, { title: 'Oulu BEAC' });
    const id = await createCommitment(t.db, {
      text: 'I will look into the matter',
      meetingId: meeting,
      madeById: d.lavrov,
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
      dueOn: '2015-11-15',
      ownerId: user.id,
    });
    await t.db.query(`UPDATE commitments SET made_by_title = 'Minister of Foreign Affairs' WHERE id = $1`, [id]);
    const page = await agent.get(`/commitments/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('“I will look into the matter”');
    expect(page.text).toContain(`href="/meetings/${meeting}"`);
    expect(page.text).toContain('Oulu BEAC');
    expect(page.text).toContain(`href="/officials/${d.lavrov}"`);
    expect(page.text).toContain('Sergey Lavrov</a>, Minister of Foreign Affairs');
    expect(page.text).toContain(`href="/ministries/${d.ruMfa}"`);
    expect(page.text).toContain('Министерство иностранных дел');
    expect(page.text).toContain('theirs');
    expect(page.text).toContain('overdue');
    expect(page.text).toContain('Ingrid Ødegård');
    expect(page.text).toContain('badge-status-open');
    expect(page.text).toContain(`action="/commitments/${id}/follow-ups"`);

    const statement = await createCommitment(t.db, { partyId: d.noMfa, counterpartId: d.ruMfa });
    const ours = await agent.get(`/commitments/${statement}`);
    expect(ours.text).toContain('href="https://www.nrk.no/statement" rel="noopener noreferrer"');
    expect(ours.text).toContain('ours');
    expect(ours.text).not.toContain('>overdue<');
  });

  it('answers 404 to a restricted user for a confidential commitment, and to malformed ids', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    const id = await createCommitment(t.db, { text: 'Confidential promise', classification: 'confidential' });
    for (const path of [`/commitments/${id}`, `/commitments/${id}/edit`, '/commitments/abc', '/commitments/0'])
      expect((await agent.get(path)).status).toBe(404);
    const follow = await postForm(
      agent,
      `/commitments/${id}/follow-ups`,
      { status: 'broken', note: 'x' },
      '/commitments',
    );
    expect(follow.status).toBe(404);
    expect((await agent.get('/commitments')).text).not.toContain('Confidential promise');
    expect(await count(t.db, 'follow_ups')).toBe(0);
  });
});

describe('POST /commitments/:id', () => {
  async function editFields(
    d: Awaited<ReturnType<typeof createDossier>>,
    ownerId: number,
    overrides: Record<string, string> = {},
  ) {
    return {
      version: '1',
      text: 'Edited words',
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2015-10-21',
      ownerId: String(ownerId),
      classification: 'unclassified',
      sourceUrl: 'https://www.nrk.no/statement',
      ...overrides,
    };
  }

  it('updates the words, recomputes the maker’s title and never changes the status', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const id = await createCommitment(t.db, {
      text: 'Original',
      partyId: d.noJustice,
      counterpartId: d.ruFms,
      ownerId: user.id,
    });
    const res = await postForm(
      agent,
      `/commitments/${id}`,
      await editFields(d, user.id, { madeById: String(d.listhaug), madeOn: '2016-01-05', status: 'fulfilled' }),
      `/commitments/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT text, made_by_title, status, version FROM commitments WHERE id = $1`, [id]);
    expect(row).toEqual({
      text: 'Edited words',
      made_by_title: 'Minister of Immigration and Integration',
      status: 'open',
      version: 2,
    });
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE entity_type = 'commitment' AND action = 'update'`,
    );
    expect(event.changes.text).toEqual({ before: 'Original', after: 'Edited words' });
    expect(event.changes.madeOn).toEqual({ before: '2015-10-21', after: '2016-01-05' });
  });

  it('answers a stale save with 409, keeping the typed input and the other change', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const id = await createCommitment(t.db, {
      text: 'Original',
      ownerId: user.id,
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
    });
    expect(
      (
        await postForm(
          agent,
          `/commitments/${id}`,
          await editFields(d, user.id, { text: 'Their words' }),
          `/commitments/${id}/edit`,
        )
      ).status,
    ).toBe(303);
    const stale = await postForm(
      agent,
      `/commitments/${id}`,
      await editFields(d, user.id, { text: 'My words' }),
      `/commitments/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('My words');
    expect(stale.text).toContain('Their words');
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT text FROM commitments WHERE id = $1`, [id]);
    expect(row.text).toBe('Their words');
  });

  it('lets staff take a commitment on themselves but only a manager hand it to someone else', async () => {
    const staff = await loginAs(t);
    const manager = await loginAs(t, { role: 'manager' });
    const colleague = await createUser(t.db);
    const d = await createDossier(t.db);
    const id = await createCommitment(t.db, { partyId: d.ruMfa, counterpartId: d.noMfa, ownerId: colleague.id });
    const handOff = await postForm(
      staff.agent,
      `/commitments/${id}`,
      await editFields(d, manager.user.id),
      `/commitments/${id}/edit`,
    );
    expect(handOff.status).toBe(422);
    expect(fieldError(handOff.text, 'ownerId')).toContain('Only a manager');
    const take = await postForm(
      staff.agent,
      `/commitments/${id}`,
      await editFields(d, staff.user.id),
      `/commitments/${id}/edit`,
    );
    expect(take.status).toBe(303);
    const reassign = await postForm(
      manager.agent,
      `/commitments/${id}`,
      await editFields(d, colleague.id, { version: '2' }),
      `/commitments/${id}/edit`,
    );
    expect(reassign.status).toBe(303);
    const [row] = await t.db.query(`SELECT owner_id FROM commitments WHERE id = $1`, [id]);
    expect(row.owner_id).toBe(colleague.id);
  });

  it('soft-deletes, hides, and lets only an admin restore', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { text: 'To be deleted' });
    expect((await postForm(agent, `/commitments/${id}/delete`, {}, `/commitments/${id}`)).status).toBe(303);
    expect((await agent.get(`/commitments/${id}`)).status).toBe(404);
    expect((await agent.get('/commitments')).text).not.toContain('To be deleted');
    expect((await postForm(agent, `/commitments/${id}/restore`, {}, '/commitments')).status).toBe(403);
    const admin = await loginAs(t, { role: 'admin', clearance: 'confidential' });
    expect((await postForm(admin.agent, `/commitments/${id}/restore`, {}, `/commitments/${id}`)).status).toBe(303);
    expect(await count(t.db, 'commitments WHERE deleted_at IS NULL')).toBe(1);
  });
});

describe('GET /commitments', () => {
  it('lists open commitments the user may see, most urgent first, with an overdue badge', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const common = { partyId: d.ruMfa, counterpartId: d.noMfa };
    await createCommitment(t.db, { ...common, text: 'No date' });
    await createCommitment(t.db, { ...common, text: 'Due later', dueOn: '2099-01-01' });
    await createCommitment(t.db, { ...common, text: 'Long overdue', dueOn: '2015-11-15' });
    await createCommitment(t.db, { ...common, text: 'Already done', status: 'fulfilled' });
    await createCommitment(t.db, { ...common, text: 'Secret one', classification: 'confidential' });
    const page = await agent.get('/commitments');
    const order = ['Long overdue', 'Due later', 'No date'].map((text) => page.text.indexOf(text));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.text).not.toContain('Already done');
    expect(page.text).not.toContain('Secret one');
    expect(page.text.match(/days overdue</g)).toHaveLength(1);
    expect((await agent.get('/commitments?page[]=x')).status).toBe(200);
  });
});

describe('GET /commitments/new option lists', () => {
  it('offers only the meetings, notes and agreements the user may see', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    await createMeeting(t.db, { title: 'Visible meeting' });
    await createMeeting(t.db, { title: 'Confidential meeting', classification: 'confidential' });
    await createNote(t.db, { reference: 'NV-CONF', classification: 'confidential' });
    await createAgreement(t.db, { title: 'Secret protocol', classification: 'confidential' });
    const form = await postForm(
      agent,
      '/commitments',
      { _search: 'meetingId', '_find[meetingId]': 'meeting', '_find[noteId]': 'NV', '_find[agreementId]': 'protocol' },
      '/commitments/new',
    );
    expect(form.status).toBe(200);
    expect(form.text).toContain('Visible meeting');
    for (const hidden of ['Confidential meeting', 'NV-CONF', 'Secret protocol'])
      expect(form.text).not.toContain(hidden);
    expect(form.text).not.toContain('value="confidential"');
    expect(await csrfToken(agent, '/commitments/new')).toBeTruthy();
  });
});
