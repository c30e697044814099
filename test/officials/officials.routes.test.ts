import { count, csrfToken, login, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';
import { submissionToken } from '../support/form-html';
import { positionsOf } from '../support/officials.factories';

const t = useApp();

const staffAgent = () => loginAs(t);

describe('POST /officials', () => {
  it('creates an official with the first position, audits it and shows the native name unchanged', async () => {
    const { agent, user } = await staffAgent();
    const mfa = await createMinistry(t.db, {
      name: 'Ministry of Foreign Affairs of the Russian Federation',
      shortName: 'МИД России',
      countryCode: 'RU',
    });
    const form = await agent.get('/officials/new');
    const res = await postForm(
      agent,
      '/officials',
      {
        _submission: submissionToken(form.text),
        fullName: 'Sergey Lavrov',
        nativeName: 'Сергей Викторович Лавров',
        title: 'Minister of Foreign Affairs',
        ministryId: String(mfa),
        startedOn: '2004-03-09',
      },
      '/officials/new',
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT id, full_name, native_name FROM officials`);
    expect(row).toMatchObject({ full_name: 'Sergey Lavrov', native_name: 'Сергей Викторович Лавров' });
    expect(res.headers.location).toBe(`/officials/${row.id}`);
    expect(await positionsOf(t.db, row.id)).toEqual([
      { title: 'Minister of Foreign Affairs', ministry_id: mfa, started_on: '2004-03-09', ended_on: null },
    ]);
    const [event] = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'official' AND entity_id = $1`,
      [row.id],
    );
    expect(event).toMatchObject({ user_id: user.id, action: 'create' });
    expect(event.changes.nativeName).toEqual({ before: null, after: 'Сергей Викторович Лавров' });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Сергей Викторович Лавров');
    expect(page.text).toContain('Minister of Foreign Affairs');
    expect(page.text).toContain('History');
  });

  it('creates one official when the same form is submitted twice', async () => {
    const { agent } = await staffAgent();
    const udi = await createMinistry(t.db, { name: 'Utlendingsdirektoratet', shortName: 'UDI' });
    const form = await agent.get('/officials/new');
    const fields = {
      _submission: submissionToken(form.text),
      fullName: 'Frode Forfang',
      title: 'Direktør',
      ministryId: String(udi),
      startedOn: '2014-06-01',
    };
    const first = await postForm(agent, '/officials', fields, '/officials/new');
    const second = await postForm(agent, '/officials', fields, '/officials/new');
    expect(first.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'officials')).toBe(1);
    expect(await count(t.db, 'official_positions')).toBe(1);
  });

  it('re-renders with 422, every typed value and a message beside each bad field, and saves nothing', async () => {
    const { agent } = await staffAgent();
    const form = await agent.get('/officials/new');
    const res = await postForm(
      agent,
      '/officials',
      {
        _submission: submissionToken(form.text),
        fullName: '',
        nativeName: 'Børge Brende 🇳🇴',
        title: 'Utenriksminister',
        ministryId: 'abc',
        startedOn: '2016-02-30',
      },
      '/officials/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter the full name.');
    expect(res.text).toContain('Choose an entry from the list.');
    expect(res.text).toContain('Enter a real date as YYYY-MM-DD.');
    expect(res.text).toContain('value="Børge Brende 🇳🇴"');
    expect(res.text).toContain('value="Utenriksminister"');
    expect(res.text).toContain('value="2016-02-30"');
    expect(await count(t.db, 'officials')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('refuses a deleted or missing ministry, repeated values and NUL bytes with 422', async () => {
    const { agent } = await staffAgent();
    const gone = await createMinistry(t.db);
    await t.db.query(`UPDATE ministries SET deleted_at = now() WHERE id = $1`, [gone]);
    const form = await agent.get('/officials/new');
    const token = await csrfToken(agent, '/officials/new');
    const base = {
      _csrf: token,
      _submission: submissionToken(form.text),
      fullName: 'X',
      title: 'Y',
      startedOn: '2015-01-01',
    };
    for (const ministryId of [String(gone), '424242', '99999999999']) {
      const res = await agent
        .post('/officials')
        .type('form')
        .send({ ...base, ministryId });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Choose an entry from the list.');
    }
    const repeated = await agent
      .post('/officials')
      .type('form')
      .send(
        `_csrf=${token}&_submission=${base._submission}&fullName=A&fullName=B&title=T&ministryId=1&startedOn=2015-01-01`,
      );
    expect(repeated.status).toBe(422);
    expect(repeated.text).toContain('Give a single value.');
    const nul = await agent
      .post('/officials')
      .type('form')
      .send({ ...base, ministryId: '1', fullName: 'A\u0000B', title: 'x'.repeat(10_000) });
    expect(nul.status).toBe(422);
    expect(nul.text).toContain('Remove the invalid characters.');
    expect(nul.text).toContain('Keep the title under 200 characters.');
    expect(await count(t.db, 'officials')).toBe(0);
  });

  it('shows HTML typed into text fields escaped on every page', async () => {
    const { agent } = await staffAgent();
    const id = await createOfficial(t.db, {
      fullName: '<script>alert(1)</script>',
      nativeName: '"><img src=x onerror=alert(1)>',
      title: '<b>Minister</b>',
    });
    for (const path of [`/officials/${id}`, '/officials', `/officials/${id}/edit`]) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<b>Minister</b>');
    }
    expect((await agent.get(`/officials/${id}`)).text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /officials/:id', () => {
  it('updates the names with the current version and audits before and after', async () => {
    const { agent } = await staffAgent();
    const id = await createOfficial(t.db, { fullName: 'Sergei Lavrov' });
    const edit = await agent.get(`/officials/${id}/edit`);
    expect(edit.text).toContain('name="version" value="1"');
    expect(edit.text).not.toContain('name="startedOn"');
    const res = await postForm(
      agent,
      `/officials/${id}`,
      { version: '1', fullName: 'Sergey Lavrov', nativeName: 'Сергей Лавров' },
      `/officials/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT full_name, native_name, version FROM officials WHERE id = $1`, [id]);
    expect(row).toEqual({ full_name: 'Sergey Lavrov', native_name: 'Сергей Лавров', version: 2 });
    const [event] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'update'`);
    expect(event.changes.fullName).toEqual({ before: 'Sergei Lavrov', after: 'Sergey Lavrov' });
  });

  it('answers a stale save with 409, keeps the typed input, shows the current values and leaves the other change intact', async () => {
    const { agent } = await staffAgent();
    const other = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const id = await createOfficial(t.db, { fullName: 'Anders Anundsen' });
    expect(
      (
        await postForm(
          other,
          `/officials/${id}`,
          { version: '1', fullName: 'Anders Anundsen (their edit)' },
          `/officials/${id}/edit`,
        )
      ).status,
    ).toBe(303);
    const stale = await postForm(
      agent,
      `/officials/${id}`,
      { version: '1', fullName: 'Anders Anundsen (my edit)', nativeName: 'Åse Ødegård' },
      `/officials/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="Anders Anundsen (my edit)"');
    expect(stale.text).toContain('value="Åse Ødegård"');
    expect(stale.text).toContain('Anders Anundsen (their edit)');
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT full_name, version FROM officials WHERE id = $1`, [id]);
    expect(row).toEqual({ full_name: 'Anders Anundsen (their edit)', version: 2 });
    expect(await count(t.db, `audit_events WHERE action = 'update'`)).toBe(1);
  });

  it('re-renders the edit form with 422 when the full name is missing', async () => {
    const { agent } = await staffAgent();
    const id = await createOfficial(t.db, { fullName: 'Thor Arne Aas' });
    const res = await postForm(
      agent,
      `/officials/${id}`,
      { version: '1', fullName: '   ', nativeName: 'Тор' },
      `/officials/${id}/edit`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter the full name.');
    expect(res.text).toContain('value="Тор"');
    const [row] = await t.db.query(`SELECT full_name, version FROM officials WHERE id = $1`, [id]);
    expect(row).toEqual({ full_name: 'Thor Arne Aas', version: 1 });
  });
});

describe('deleting and restoring', () => {
  it('soft-deletes for staff, hides the official, and lets only an admin restore them', async () => {
    const { agent } = await staffAgent();
    const id = await createOfficial(t.db, { fullName: 'Sylvi Listhaug' });
    expect((await postForm(agent, `/officials/${id}/delete`, {}, `/officials/${id}`)).status).toBe(303);
    const [row] = await t.db.query(`SELECT deleted_at FROM officials WHERE id = $1`, [id]);
    expect(row.deleted_at).not.toBeNull();
    expect((await agent.get(`/officials/${id}`)).status).toBe(404);
    expect((await agent.get('/officials')).text).not.toContain('Sylvi Listhaug');
    expect((await postForm(agent, `/officials/${id}/restore`, {}, '/officials')).status).toBe(403);

    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    expect((await admin.get('/officials?deleted=1')).text).toContain('Sylvi Listhaug');
    expect((await admin.get(`/officials/${id}/edit`)).status).toBe(404);
    expect((await postForm(admin, `/officials/${id}/restore`, {}, `/officials/${id}`)).status).toBe(303);
    const [after] = await t.db.query(`SELECT deleted_at FROM officials WHERE id = $1`, [id]);
    expect(after.deleted_at).toBeNull();
    expect((await postForm(admin, `/officials/${id}/restore`, {}, `/officials/${id}`)).status).toBe(303);
    expect(await count(t.db, `audit_events WHERE entity_type = 'official' AND action IN ('delete', 'restore')`)).toBe(
      2,
    );
  });
});

describe('GET /officials', () => {
  it('filters by name (native name too), ministry and country, and shows the current title and ministry', async () => {
    const { agent } = await staffAgent();
    const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', shortName: 'UD', countryCode: 'NO' });
    const mid = await createMinistry(t.db, {
      name: 'Ministry of Foreign Affairs of the Russian Federation',
      shortName: 'МИД России',
      countryCode: 'RU',
    });
    await createOfficial(t.db, { fullName: 'Børge Brende', title: 'Utenriksminister', ministryId: ud });
    await createOfficial(t.db, {
      fullName: 'Sergey Lavrov',
      nativeName: 'Сергей Лавров',
      title: 'Minister of Foreign Affairs',
      ministryId: mid,
    });
    const all = await agent.get('/officials');
    expect(all.text).toContain('Utenriksminister');
    expect(all.text).toContain('МИД России');
    const byNative = await agent.get(`/officials?q=${encodeURIComponent('лавров')}`);
    expect(byNative.text).toContain('Sergey Lavrov');
    expect(byNative.text).not.toContain('Børge Brende');
    const byMinistry = await agent.get(`/officials?ministryId=${ud}`);
    expect(byMinistry.text).toContain('Børge Brende');
    expect(byMinistry.text).not.toContain('Sergey Lavrov');
    const byCountry = await agent.get('/officials?countryCode=ru');
    expect(byCountry.text).toContain('Sergey Lavrov');
    expect(byCountry.text).not.toContain('Børge Brende');
    expect((await agent.get('/officials?q=%25')).text).not.toContain('Børge Brende');
  });

  it('answers 404 for malformed ids and ignores malformed filters', async () => {
    const { agent } = await staffAgent();
    for (const bad of ['abc', '0', '9223372036854775808', '1.5'])
      expect((await agent.get(`/officials/${bad}`)).status).toBe(404);
    expect((await agent.get('/officials?ministryId[]=x&q[a]=1&page=abc&countryCode=%00')).status).toBe(200);
    expect((await agent.get('/officials?ministryId=1%27%20OR%201=1')).status).toBe(200);
  });
});
