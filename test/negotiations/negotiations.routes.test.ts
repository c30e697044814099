import { count, csrfToken, login, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { submissionToken } from '../support/form-html';
import { createNegotiation } from '../support/negotiations.factories';
import { negotiationOptions } from '../../src/negotiations/negotiations.service';

const t = useApp();

async function parties() {
  const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', shortName: 'UD', countryCode: 'NO' });
  const mid = await createMinistry(t.db, {
    name: 'Министерство иностранных дел',
    shortName: 'МИД России',
    countryCode: 'RU',
  });
  const udi = await createMinistry(t.db, { name: 'Utlendingsdirektoratet', shortName: 'UDI', countryCode: 'NO' });
  return { ud, mid, udi };
}

async function partyIdsOf(id: number): Promise<number[]> {
  const rows = await t.db.query(
    `SELECT ministry_id FROM negotiation_parties WHERE negotiation_id = $1 ORDER BY ministry_id`,
    [id],
  );
  return rows.map((r: { ministry_id: number }) => r.ministry_id);
}

describe('POST /negotiations', () => {
  it('creates a negotiation with its parties, audits it and shows them on its page', async () => {
    const { agent, user } = await loginAs(t);
    const { ud, mid } = await parties();
    const form = await agent.get('/negotiations/new');
    expect(form.text).not.toContain('Nothing was saved');
    const res = await postForm(
      agent,
      '/negotiations',
      {
        _submission: submissionToken(form.text),
        title: 'Storskog crossings and readmission',
        status: 'active',
        summary: 'Asylsøkere over Storskog 🚲; «вопрос о реадмиссии»',
        partyIds: [String(ud), String(mid)],
      },
      '/negotiations/new',
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT id, title, status, summary, created_by FROM negotiations`);
    expect(row).toMatchObject({
      title: 'Storskog crossings and readmission',
      status: 'active',
      summary: 'Asylsøkere over Storskog 🚲; «вопрос о реадмиссии»',
      created_by: user.id,
    });
    expect(res.headers.location).toBe(`/negotiations/${row.id}`);
    expect(await partyIdsOf(row.id)).toEqual([ud, mid].sort((a, b) => a - b));
    const [event] = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'negotiation' AND entity_id = $1`,
      [row.id],
    );
    expect(event).toMatchObject({ user_id: user.id, action: 'create' });
    expect(event.changes.parties).toEqual({ before: null, after: 'UD, МИД России' });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Asylsøkere over Storskog 🚲; «вопрос о реадмиссии»');
    expect(page.text).toContain(`href="/ministries/${mid}"`);
    expect(page.text).toContain('Министерство иностранных дел');
    expect(page.text).toContain('History');
  });

  it('creates one record when the same form is submitted twice', async () => {
    const { agent } = await loginAs(t);
    const { ud, mid } = await parties();
    const form = await agent.get('/negotiations/new');
    const fields = {
      _submission: submissionToken(form.text),
      title: 'Readmission',
      status: 'active',
      partyIds: [String(ud), String(mid)],
    };
    const first = await postForm(agent, '/negotiations', fields, '/negotiations/new');
    const second = await postForm(agent, '/negotiations', fields, '/negotiations/new');
    expect(first.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'negotiations')).toBe(1);
    expect(await count(t.db, 'negotiation_parties')).toBe(2);
  });

  it('re-renders with 422 and the typed values when fewer than two parties or a bad status are given', async () => {
    const { agent } = await loginAs(t);
    const { ud } = await parties();
    const form = await agent.get('/negotiations/new');
    const res = await postForm(
      agent,
      '/negotiations',
      {
        _submission: submissionToken(form.text),
        title: 'Grensesamarbeid på Storskog',
        status: 'frozen',
        summary: 'Sammendrag æøå',
        partyIds: String(ud),
      },
      '/negotiations/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose at least two parties.');
    expect(res.text).toContain('Choose one of the listed status values.');
    expect(res.text).toContain('value="Grensesamarbeid på Storskog"');
    expect(res.text).toContain('Sammendrag æøå</textarea>');
    expect(res.text).toContain(`<option value="${ud}" selected>`);
    const none = await postForm(
      agent,
      '/negotiations',
      { _submission: submissionToken(form.text), title: '', status: 'active' },
      '/negotiations/new',
    );
    expect(none.status).toBe(422);
    expect(none.text).toContain('Enter a title.');
    expect(none.text).toContain('Choose at least two parties.');
    expect(await count(t.db, 'negotiations')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('refuses missing, deleted or malformed parties and repeated single values with 422', async () => {
    const { agent } = await loginAs(t);
    const { ud, udi } = await parties();
    await t.db.query(`UPDATE ministries SET deleted_at = now() WHERE id = $1`, [udi]);
    const form = await agent.get('/negotiations/new');
    const token = await csrfToken(agent, '/negotiations/new');
    const base = { _csrf: token, _submission: submissionToken(form.text), title: 'X', status: 'active' };
    for (const partyIds of [
      [String(ud), '424242'],
      [String(ud), String(udi)],
      [String(ud), 'abc'],
    ]) {
      const res = await agent
        .post('/negotiations')
        .type('form')
        .send({ ...base, partyIds });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/Choose (an entry|entries) from the list\./);
    }
    const repeated = await agent
      .post('/negotiations')
      .type('form')
      .send(
        `_csrf=${token}&_submission=${base._submission}&title=A&title=B&status=active&partyIds=${ud}&partyIds=${udi}`,
      );
    expect(repeated.status).toBe(422);
    expect(repeated.text).toContain('Give a single value.');
    const huge = await agent
      .post('/negotiations')
      .type('form')
      .send({ ...base, title: 'x'.repeat(10_000), summary: 'a\u0000b', partyIds: [String(ud)] });
    expect(huge.status).toBe(422);
    expect(huge.text).toContain('Keep a title under 300 characters.');
    expect(huge.text).toContain('Remove the invalid characters.');
    expect(await count(t.db, 'negotiations')).toBe(0);
  });

  it('shows HTML typed into text fields escaped', async () => {
    const { agent } = await loginAs(t);
    const id = await createNegotiation(t.db, {
      title: '<script>alert(1)</script>',
      summary: '"><img src=x onerror=alert(1)>',
    });
    for (const path of [`/negotiations/${id}`, '/negotiations', `/negotiations/${id}/edit`]) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
    }
    expect((await agent.get(`/negotiations/${id}`)).text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /negotiations/:id', () => {
  it('updates the fields and parties with the current version and audits before and after', async () => {
    const { agent } = await loginAs(t);
    const { ud, mid, udi } = await parties();
    const id = await createNegotiation(t.db, { title: 'Storskog', partyIds: [ud, mid] });
    const edit = await agent.get(`/negotiations/${id}/edit`);
    expect(edit.text).toContain(`<option value="${mid}" selected>`);
    const res = await postForm(
      agent,
      `/negotiations/${id}`,
      {
        version: '1',
        title: 'Storskog crossings and readmission',
        status: 'paused',
        partyIds: [String(udi), String(mid)],
      },
      `/negotiations/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT title, status, version FROM negotiations WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Storskog crossings and readmission', status: 'paused', version: 2 });
    expect(await partyIdsOf(id)).toEqual([mid, udi].sort((a, b) => a - b));
    const [event] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'update'`);
    expect(event.changes.status).toEqual({ before: 'active', after: 'paused' });
    expect(event.changes.parties).toEqual({ before: 'UD, МИД России', after: 'UDI, МИД России' });
  });

  it('answers a stale save with 409, keeps the typed input, shows the current values and leaves the other change intact', async () => {
    const { agent } = await loginAs(t);
    const other = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const { ud, mid, udi } = await parties();
    const id = await createNegotiation(t.db, { title: 'Storskog', partyIds: [ud, mid] });
    expect(
      (
        await postForm(
          other,
          `/negotiations/${id}`,
          { version: '1', title: 'Their title', status: 'concluded', partyIds: [String(ud), String(mid)] },
          `/negotiations/${id}/edit`,
        )
      ).status,
    ).toBe(303);
    const stale = await postForm(
      agent,
      `/negotiations/${id}`,
      { version: '1', title: 'Мой заголовок', status: 'active', partyIds: [String(udi), String(mid)] },
      `/negotiations/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="Мой заголовок"');
    expect(stale.text).toContain('Their title');
    expect(stale.text).toContain(`<option value="${udi}" selected>`);
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT title, status, version FROM negotiations WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Their title', status: 'concluded', version: 2 });
    expect(await partyIdsOf(id)).toEqual([ud, mid].sort((a, b) => a - b));
    expect(await count(t.db, `audit_events WHERE action = 'update'`)).toBe(1);
  });
});

describe('deleting and restoring', () => {
  it('soft-deletes for staff, hides the negotiation, and lets only an admin restore it', async () => {
    const { agent } = await loginAs(t);
    const id = await createNegotiation(t.db, { title: 'Fisheries talks' });
    expect((await postForm(agent, `/negotiations/${id}/delete`, {}, `/negotiations/${id}`)).status).toBe(303);
    const [row] = await t.db.query(`SELECT deleted_at FROM negotiations WHERE id = $1`, [id]);
    expect(row.deleted_at).not.toBeNull();
    expect((await agent.get(`/negotiations/${id}`)).status).toBe(404);
    expect((await agent.get('/negotiations')).text).not.toContain('Fisheries talks');
    expect(await negotiationOptions(t.db)).toEqual([]);
    expect((await postForm(agent, `/negotiations/${id}/restore`, {}, '/negotiations')).status).toBe(403);

    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    expect((await admin.get('/negotiations?deleted=1')).text).toContain('Fisheries talks');
    expect((await postForm(admin, `/negotiations/${id}/restore`, {}, `/negotiations/${id}`)).status).toBe(303);
    const [after] = await t.db.query(`SELECT deleted_at FROM negotiations WHERE id = $1`, [id]);
    expect(after.deleted_at).toBeNull();
    expect(
      await count(t.db, `audit_events WHERE entity_type = 'negotiation' AND action IN ('delete', 'restore')`),
    ).toBe(2);
  });
});

describe('GET /negotiations', () => {
  it('lists newest first, filters by status and party, and answers 404 for malformed ids', async () => {
    const { agent } = await loginAs(t);
    const { ud, mid, udi } = await parties();
    await createNegotiation(t.db, { title: 'Older talks', status: 'concluded', partyIds: [ud, mid] });
    await createNegotiation(t.db, { title: 'Newer talks', status: 'active', partyIds: [udi, mid] });
    const all = await agent.get('/negotiations');
    expect(all.text.indexOf('Newer talks')).toBeLessThan(all.text.indexOf('Older talks'));
    const concluded = await agent.get('/negotiations?status=concluded');
    expect(concluded.text).toContain('Older talks');
    expect(concluded.text).not.toContain('Newer talks');
    const byParty = await agent.get(`/negotiations?partyId=${udi}`);
    expect(byParty.text).toContain('Newer talks');
    expect(byParty.text).not.toContain('Older talks');
    expect((await agent.get(`/negotiations?status=${encodeURIComponent("active' OR 1=1 --")}`)).status).toBe(200);
    expect((await agent.get('/negotiations?status[]=active&partyId[x]=1&page[]=2')).status).toBe(200);
    for (const bad of ['abc', '0', '9223372036854775808', '1.5'])
      expect((await agent.get(`/negotiations/${bad}`)).status).toBe(404);
    expect(await negotiationOptions(t.db)).toEqual([
      { value: expect.any(Number), label: 'Newer talks' },
      { value: expect.any(Number), label: 'Older talks (concluded)' },
    ]);
  });
});
