import { count, csrfToken, login, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { submissionToken } from '../support/form-html';

const t = useApp();

describe('POST /ministries', () => {
  it('creates a ministry with its parent, audits it and redirects to its page', async () => {
    const { agent, user } = await loginAs(t);
    const justice = await createMinistry(t.db, { name: 'Ministry of Justice and Public Security', countryCode: 'NO' });
    const form = await agent.get('/ministries/new');
    const res = await postForm(
      agent,
      '/ministries',
      {
        _submission: submissionToken(form.text),
        name: 'Utlendingsdirektoratet',
        shortName: 'UDI',
        kind: 'directorate',
        countryCode: 'no',
        parentId: String(justice),
      },
      '/ministries/new',
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(
      `SELECT id, name, short_name, kind, country_code, parent_id FROM ministries WHERE name = 'Utlendingsdirektoratet'`,
    );
    expect(row).toMatchObject({ short_name: 'UDI', kind: 'directorate', country_code: 'NO', parent_id: justice });
    expect(res.headers.location).toBe(`/ministries/${row.id}`);
    const [event] = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'ministry' AND entity_id = $1`,
      [row.id],
    );
    expect(event).toMatchObject({ user_id: user.id, action: 'create' });
    expect(event.changes.name).toEqual({ before: null, after: 'Utlendingsdirektoratet' });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Utlendingsdirektoratet');
    expect(page.text).toContain('Ministry of Justice and Public Security');
    expect(page.text).toContain('History');
  });

  it('creates one record when the same form is submitted twice', async () => {
    const { agent } = await loginAs(t);
    const form = await agent.get('/ministries/new');
    const fields = {
      _submission: submissionToken(form.text),
      name: 'Федеральная миграционная служба',
      kind: 'service',
      countryCode: 'RU',
    };
    const first = await postForm(agent, '/ministries', fields, '/ministries/new');
    const second = await postForm(agent, '/ministries', fields, '/ministries/new');
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'ministries')).toBe(1);
  });

  it('re-renders with 422, the typed values and a message beside each bad field, and saves nothing', async () => {
    const { agent } = await loginAs(t);
    const form = await agent.get('/ministries/new');
    const res = await postForm(
      agent,
      '/ministries',
      {
        _submission: submissionToken(form.text),
        name: '',
        shortName: 'Børge 🇳🇴',
        kind: 'palace',
        countryCode: 'Norway',
        parentId: '99999',
      },
      '/ministries/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a name.');
    expect(res.text).toContain('Choose one of the listed kind values.');
    expect(res.text).toContain('two-letter ISO country code');
    expect(res.text).toContain('value="Børge 🇳🇴"');
    expect(res.text).toContain('value="Norway"');
    expect(await count(t.db, 'ministries')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('refuses a parent that does not exist, and repeated values, with 422', async () => {
    const { agent } = await loginAs(t);
    const form = await agent.get('/ministries/new');
    const token = await csrfToken(agent, '/ministries/new');
    const missingParent = await agent
      .post('/ministries')
      .type('form')
      .send({
        _csrf: token,
        _submission: submissionToken(form.text),
        name: 'X',
        kind: 'ministry',
        countryCode: 'NO',
        parentId: '424242',
      });
    expect(missingParent.status).toBe(422);
    expect(missingParent.text).toContain('Choose an entry from the list.');
    const repeated = await agent
      .post('/ministries')
      .type('form')
      .send(`_csrf=${token}&_submission=${submissionToken(form.text)}&name=A&name=B&kind=ministry&countryCode=NO`);
    expect(repeated.status).toBe(422);
    expect(repeated.text).toContain('Give a single value.');
    expect(await count(t.db, 'ministries')).toBe(0);
  });

  it('shows HTML typed into text fields escaped', async () => {
    const { agent } = await loginAs(t);
    const id = await createMinistry(t.db, {
      name: '<script>alert(1)</script>',
      shortName: '"><img src=x onerror=alert(1)>',
    });
    const page = await agent.get(`/ministries/${id}`);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const index = await agent.get('/ministries');
    expect(index.text).not.toContain('<script>alert(1)</script>');
  });
});

describe('POST /ministries/:id', () => {
  it('updates with the current version and writes the before and after values', async () => {
    const { agent } = await loginAs(t);
    const id = await createMinistry(t.db, { name: 'Ministry of Foreign Affairs', countryCode: 'NO' });
    const res = await postForm(
      agent,
      `/ministries/${id}`,
      { version: '1', name: 'Utenriksdepartementet', shortName: 'UD', kind: 'ministry', countryCode: 'NO' },
      `/ministries/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT name, version FROM ministries WHERE id = $1`, [id]);
    expect(row).toEqual({ name: 'Utenriksdepartementet', version: 2 });
    const [event] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'update'`);
    expect(event.changes.name).toEqual({ before: 'Ministry of Foreign Affairs', after: 'Utenriksdepartementet' });
  });

  it('answers a stale save with 409, keeps the typed input, shows the current values and leaves the other change intact', async () => {
    const { agent } = await loginAs(t);
    const other = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const id = await createMinistry(t.db, { name: 'Ministry of Foreign Affairs', countryCode: 'NO' });
    const first = await postForm(
      other,
      `/ministries/${id}`,
      { version: '1', name: 'MFA (their edit)', kind: 'ministry', countryCode: 'NO' },
      `/ministries/${id}/edit`,
    );
    expect(first.status).toBe(303);
    const stale = await postForm(
      agent,
      `/ministries/${id}`,
      { version: '1', name: 'MFA (my edit)', kind: 'ministry', countryCode: 'NO' },
      `/ministries/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="MFA (my edit)"');
    expect(stale.text).toContain('MFA (their edit)');
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT name, version FROM ministries WHERE id = $1`, [id]);
    expect(row).toEqual({ name: 'MFA (their edit)', version: 2 });
    expect(await count(t.db, `audit_events WHERE action = 'update'`)).toBe(1);
  });

  it('refuses to make a ministry part of itself', async () => {
    const { agent } = await loginAs(t);
    const parent = await createMinistry(t.db);
    const child = await createMinistry(t.db, { parentId: parent });
    const res = await postForm(
      agent,
      `/ministries/${parent}`,
      { version: '1', name: 'Loop', kind: 'ministry', countryCode: 'NO', parentId: String(child) },
      `/ministries/${parent}/edit`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('cannot be part of itself');
    const [row] = await t.db.query(`SELECT parent_id FROM ministries WHERE id = $1`, [parent]);
    expect(row.parent_id).toBeNull();
  });
});

describe('deleting and restoring', () => {
  it('soft-deletes for staff, hides the record, and lets only an admin restore it', async () => {
    const { agent } = await loginAs(t);
    const id = await createMinistry(t.db, { name: 'Border Service' });
    const del = await postForm(agent, `/ministries/${id}/delete`, {}, `/ministries/${id}`);
    expect(del.status).toBe(303);
    const [row] = await t.db.query(`SELECT deleted_at FROM ministries WHERE id = $1`, [id]);
    expect(row.deleted_at).not.toBeNull();
    expect((await agent.get(`/ministries/${id}`)).status).toBe(404);
    expect((await agent.get('/ministries')).text).not.toContain('Border Service');
    const denied = await postForm(agent, `/ministries/${id}/restore`, {}, '/ministries');
    expect(denied.status).toBe(403);

    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    expect((await admin.get('/ministries?deleted=1')).text).toContain('Border Service');
    const restore = await postForm(admin, `/ministries/${id}/restore`, {}, `/ministries/${id}`);
    expect(restore.status).toBe(303);
    const [after] = await t.db.query(`SELECT deleted_at FROM ministries WHERE id = $1`, [id]);
    expect(after.deleted_at).toBeNull();
    expect(await count(t.db, `audit_events WHERE entity_type = 'ministry' AND action IN ('delete', 'restore')`)).toBe(
      2,
    );
  });
});

describe('GET /ministries', () => {
  it('filters by country and kind, and answers 404 for malformed ids', async () => {
    const { agent } = await loginAs(t);
    await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
    await createMinistry(t.db, { name: 'Министерство иностранных дел', countryCode: 'RU' });
    const ru = await agent.get('/ministries?countryCode=ru');
    expect(ru.text).toContain('Министерство иностранных дел');
    expect(ru.text).not.toContain('Utenriksdepartementet');
    for (const bad of ['abc', '0', '9223372036854775808', '1.5'])
      expect((await agent.get(`/ministries/${bad}`)).status).toBe(404);
    expect((await agent.get('/ministries?countryCode[]=x&page[]=2')).status).toBe(200);
  });
});

describe('GET /ministries/:id', () => {
  it("lists notes sent and received and commitments both ways, only up to the user's clearance", async () => {
    const no = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
    const ru = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
    const note = (ref: string, from: number, to: number, classification: string) =>
      t.db.query(
        `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, classification) VALUES ($1, 'note_verbale', '2016-01-19', $2, $3, $4, $5)`,
        [ref, from, to, `Subject ${ref}`, classification],
      );
    await note('SENT-1', no, ru, 'unclassified');
    await note('RECV-1', ru, no, 'unclassified');
    await note('SECRET-1', ru, no, 'confidential');
    const commitment = (text: string, party: number, counterpart: number, classification: string) =>
      t.db.query(
        `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, classification) VALUES ($1, $2, $3, 'pledge', 'statement', 'https://example.test/', '2016-01-26', $4)`,
        [text, party, counterpart, classification],
      );
    await commitment('We will look into the matter', ru, no, 'unclassified');
    await commitment('Norway will not bus people back', no, ru, 'unclassified');
    await commitment('Case by case, the 700', ru, no, 'confidential');
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    const page = (await staff.get(`/ministries/${no}`)).text;
    expect(page).toContain('SENT-1');
    expect(page).toContain('RECV-1');
    expect(page).toContain('We will look into the matter');
    expect(page).toContain('Norway will not bus people back');
    expect(page).not.toContain('SECRET-1');
    expect(page).not.toContain('Case by case, the 700');
    const manager = await login(
      t.app,
      (await createUser(t.db, { role: 'manager', clearance: 'confidential' })).email,
      PASSWORD,
    );
    const full = (await manager.get(`/ministries/${no}`)).text;
    expect(full).toContain('SECRET-1');
    expect(full).toContain('Case by case, the 700');
  });
});

describe('POST /ministries/:id/restore', () => {
  it('writes no audit event when the ministry was not deleted', async () => {
    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    const id = await createMinistry(t.db);
    expect((await postForm(admin, `/ministries/${id}/restore`, {}, `/ministries/${id}`)).status).toBe(303);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });
});
