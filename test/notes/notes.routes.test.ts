import { count, csrfToken, login, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { fieldError, submissionToken } from '../support/form-html';
import { createNegotiation, createNote } from '../support/notes.factories';

const t = useApp();

const staffAgent = (clearance: 'restricted' | 'confidential' = 'confidential') => loginAs(t, { clearance });

async function ministries() {
  const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
  const mid = await createMinistry(t.db, { name: 'Министерство иностранных дел', countryCode: 'RU' });
  return { ud, mid };
}

describe('POST /notes', () => {
  it('creates a note, audits it and shows it with its parties', async () => {
    const { agent, user } = await staffAgent();
    const { ud, mid } = await ministries();
    const negotiation = await createNegotiation(t.db);
    const form = await agent.get('/notes/new');
    const res = await postForm(
      agent,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: '16/2015',
        kind: 'note_verbale',
        sentOn: '2015-09-16',
        fromId: String(ud),
        toId: String(mid),
        subject: 'Asylum seekers crossing at Storskog',
        body: 'Børge Brende asks why hundreds come from Russia to Norway — Сергей Лавров will look into the matter 🇳🇴',
        replyDueOn: '2015-10-01',
        negotiationId: String(negotiation),
        classification: 'restricted',
      },
      '/notes/new',
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(
      `SELECT id, reference, kind, sent_on::text, from_id, to_id, body, reply_due_on::text, negotiation_id, classification, created_by FROM notes`,
    );
    expect(row).toMatchObject({
      reference: '16/2015',
      sent_on: '2015-09-16',
      from_id: ud,
      to_id: mid,
      reply_due_on: '2015-10-01',
      negotiation_id: negotiation,
      classification: 'restricted',
      created_by: user.id,
    });
    expect(row.body).toContain('Сергей Лавров will look into the matter 🇳🇴');
    expect(res.headers.location).toBe(`/notes/${row.id}`);
    const [event] = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'note' AND entity_id = $1`,
      [row.id],
    );
    expect(event).toMatchObject({ user_id: user.id, action: 'create' });
    expect(event.changes.reference).toEqual({ before: null, after: '16/2015' });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Asylum seekers crossing at Storskog');
    expect(page.text).toContain('Министерство иностранных дел');
    expect(page.text).toContain('Сергей Лавров will look into the matter 🇳🇴');
    expect(page.text).toContain('Storskog crossings and readmission');
    expect(page.text).toContain('History');
  });

  it('creates one note when the same form is submitted twice', async () => {
    const { agent } = await staffAgent();
    const { ud, mid } = await ministries();
    const form = await agent.get('/notes/new');
    const fields = {
      _submission: submissionToken(form.text),
      reference: 'NV-1',
      kind: 'letter',
      sentOn: '2016-01-26',
      fromId: String(mid),
      toId: String(ud),
      subject: 'Readmission',
      classification: 'unclassified',
    };
    const first = await postForm(agent, '/notes', fields, '/notes/new');
    const second = await postForm(agent, '/notes', fields, '/notes/new');
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'notes')).toBe(1);
    expect(await count(t.db, `audit_events WHERE entity_type = 'note'`)).toBe(1);
  });

  it('refuses a reference already used, whatever its case, with 422 beside the field', async () => {
    const { agent } = await staffAgent();
    const { ud, mid } = await ministries();
    await createNote(t.db, { reference: 'NV-2016/7', fromId: ud, toId: mid });
    const form = await agent.get('/notes/new');
    const res = await postForm(
      agent,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: 'nv-2016/7',
        kind: 'letter',
        sentOn: '2016-01-26',
        fromId: String(ud),
        toId: String(mid),
        subject: 'Again',
        classification: 'unclassified',
      },
      '/notes/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'reference')).toBe('This reference cannot be used; choose another.');
    expect(res.text).toContain('value="nv-2016/7"');
    expect(await count(t.db, 'notes')).toBe(1);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('keeps one note when two forms race to use the same reference, and never answers 500', async () => {
    const { agent } = await staffAgent();
    const { ud, mid } = await ministries();
    const [a, b] = await Promise.all([agent.get('/notes/new'), agent.get('/notes/new')]);
    const token = await csrfToken(agent, '/notes/new');
    const fields = {
      _csrf: token,
      reference: 'RACE-1',
      kind: 'letter',
      sentOn: '2016-01-26',
      fromId: String(ud),
      toId: String(mid),
      subject: 'Race',
      classification: 'unclassified',
    };
    const results = await Promise.all(
      [a, b].map((form) =>
        agent
          .post('/notes')
          .type('form')
          .send({ ...fields, _submission: submissionToken(form.text) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(await count(t.db, 'notes')).toBe(1);
  });

  it('re-renders with 422 for impossible dates, a reply due before sending and the same sender and receiver', async () => {
    const { agent } = await staffAgent();
    const { ud } = await ministries();
    const form = await agent.get('/notes/new');
    const res = await postForm(
      agent,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: 'Børge 1',
        kind: 'request',
        sentOn: '2016-02-30',
        fromId: String(ud),
        toId: String(ud),
        subject: 'Ønsker svar',
        classification: 'unclassified',
      },
      '/notes/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'sentOn')).toBe('Enter a real date as YYYY-MM-DD.');
    expect(fieldError(res.text, 'toId')).toContain('different ministry');
    expect(res.text).toContain('value="2016-02-30"');
    expect(res.text).toContain('value="Ønsker svar"');
    const late = await postForm(
      agent,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: 'X',
        kind: 'request',
        sentOn: '2016-02-10',
        replyDueOn: '2016-02-01',
        fromId: String(ud),
        toId: String(ud + 1),
        subject: 'S',
        classification: 'unclassified',
      },
      '/notes/new',
    );
    expect(late.status).toBe(422);
    expect(fieldError(late.text, 'replyDueOn')).toBe('The reply cannot be due before the note was sent.');
    expect(await count(t.db, 'notes')).toBe(0);
  });

  it('refuses repeated values, unknown ministries, and a classification above the user’s clearance', async () => {
    const { agent } = await staffAgent('restricted');
    const { ud, mid } = await ministries();
    const form = await agent.get('/notes/new');
    const token = await csrfToken(agent, '/notes/new');
    const submission = submissionToken(form.text);
    const repeated = await agent
      .post('/notes')
      .type('form')
      .send(
        `_csrf=${token}&_submission=${submission}&reference=A&reference=B&kind=letter&sentOn=2016-01-01&fromId=${ud}&toId=${mid}&subject=S&classification=unclassified`,
      );
    expect(repeated.status).toBe(422);
    expect(fieldError(repeated.text, 'reference')).toBe('Give a single value.');
    const above = await agent
      .post('/notes')
      .type('form')
      .send({
        _csrf: token,
        _submission: submission,
        reference: 'A',
        kind: 'letter',
        sentOn: '2016-01-01',
        fromId: String(ud),
        toId: '424242',
        subject: 'S',
        classification: 'confidential',
        body: 'x\u0000y',
      });
    expect(above.status).toBe(422);
    expect(fieldError(above.text, 'body')).toBe('Remove the invalid characters.');
    const refs = await agent
      .post('/notes')
      .type('form')
      .send({
        _csrf: token,
        _submission: submission,
        reference: 'A',
        kind: 'letter',
        sentOn: '2016-01-01',
        fromId: String(ud),
        toId: '424242',
        subject: 'S',
        classification: 'confidential',
      });
    expect(refs.status).toBe(422);
    expect(fieldError(refs.text, 'toId')).toBe('Choose an entry from the list.');
    expect(fieldError(refs.text, 'classification')).toContain('up to your own clearance');
    expect(await count(t.db, 'notes')).toBe(0);
  });

  it('shows HTML typed into text fields escaped on the note, the index and the form', async () => {
    const { agent } = await staffAgent();
    const id = await createNote(t.db, {
      reference: '<b>ref</b>',
      subject: '<script>alert(1)</script>',
      body: '"><img src=x onerror=alert(1)>',
    });
    for (const path of [`/notes/${id}`, '/notes', `/notes/${id}/edit`, `/notes/new?inReplyToId=${id}`]) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<b>ref</b>');
    }
    expect((await agent.get(`/notes/${id}`)).text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /notes/:id', () => {
  it('updates with the current version and audits before and after', async () => {
    const { agent } = await staffAgent();
    const { ud, mid } = await ministries();
    const id = await createNote(t.db, { reference: 'NV-9', fromId: ud, toId: mid, subject: 'Storskog' });
    const res = await postForm(
      agent,
      `/notes/${id}`,
      {
        version: '1',
        reference: 'NV-9',
        kind: 'formal_note',
        sentOn: '2016-01-15',
        fromId: String(ud),
        toId: String(mid),
        subject: 'Storskog border crossing',
        classification: 'unclassified',
      },
      `/notes/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT subject, kind, version FROM notes WHERE id = $1`, [id]);
    expect(row).toEqual({ subject: 'Storskog border crossing', kind: 'formal_note', version: 2 });
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE action = 'update' AND entity_type = 'note'`,
    );
    expect(event.changes.subject).toEqual({ before: 'Storskog', after: 'Storskog border crossing' });
    expect(event.changes.reference).toBeUndefined();
  });

  it('answers a stale save with 409, keeps the typed input, shows the saved values and leaves the other change intact', async () => {
    const { agent } = await staffAgent();
    const other = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const { ud, mid } = await ministries();
    const id = await createNote(t.db, { reference: 'NV-10', fromId: ud, toId: mid, subject: 'Original' });
    const base = {
      version: '1',
      reference: 'NV-10',
      kind: 'note_verbale',
      sentOn: '2016-01-15',
      fromId: String(ud),
      toId: String(mid),
      classification: 'unclassified',
    };
    expect(
      (await postForm(other, `/notes/${id}`, { ...base, subject: 'Their subject' }, `/notes/${id}/edit`)).status,
    ).toBe(303);
    const stale = await postForm(
      agent,
      `/notes/${id}`,
      { ...base, subject: 'My subject', body: 'Mine, typed with care' },
      `/notes/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="My subject"');
    expect(stale.text).toContain('Mine, typed with care');
    expect(stale.text).toMatch(/<th scope="row">Subject<\/th><td>Their subject<\/td><td>My subject<\/td>/);
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT subject, body, version FROM notes WHERE id = $1`, [id]);
    expect(row).toEqual({ subject: 'Their subject', body: null, version: 2 });
    expect(await count(t.db, `audit_events WHERE action = 'update'`)).toBe(1);
  });

  it('refuses to make a note reply to one of its own replies', async () => {
    const { agent } = await staffAgent();
    const { ud, mid } = await ministries();
    const root = await createNote(t.db, { reference: 'ROOT', fromId: ud, toId: mid });
    const reply = await createNote(t.db, { reference: 'REPLY', fromId: mid, toId: ud, inReplyToId: root });
    const res = await postForm(
      agent,
      `/notes/${root}`,
      {
        version: '1',
        reference: 'ROOT',
        kind: 'note_verbale',
        sentOn: '2016-01-15',
        fromId: String(ud),
        toId: String(mid),
        subject: 'Loop',
        inReplyToId: String(reply),
        classification: 'unclassified',
      },
      `/notes/${root}/edit`,
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'inReplyToId')).toContain('cannot reply to itself');
    const [row] = await t.db.query(`SELECT in_reply_to_id, version FROM notes WHERE id = $1`, [root]);
    expect(row).toEqual({ in_reply_to_id: null, version: 1 });
  });

  it('soft-deletes, hides the note and lets only an admin restore it', async () => {
    const { agent } = await staffAgent();
    const id = await createNote(t.db, { subject: 'Deleted subject' });
    expect((await postForm(agent, `/notes/${id}/delete`, {}, `/notes/${id}`)).status).toBe(303);
    expect((await agent.get(`/notes/${id}`)).status).toBe(404);
    expect((await agent.get('/notes')).text).not.toContain('Deleted subject');
    expect((await postForm(agent, `/notes/${id}/restore`, {}, '/notes')).status).toBe(403);
    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    expect((await admin.get('/notes?deleted=1')).text).toContain('Deleted subject');
    expect((await postForm(admin, `/notes/${id}/restore`, {}, `/notes/${id}`)).status).toBe(303);
    const [row] = await t.db.query(`SELECT deleted_at FROM notes WHERE id = $1`, [id]);
    expect(row.deleted_at).toBeNull();
    expect(await count(t.db, `audit_events WHERE entity_type = 'note' AND action IN ('delete', 'restore')`)).toBe(2);
  });

  it('answers 404 for malformed ids and ignores malformed filters', async () => {
    const { agent } = await staffAgent();
    for (const bad of ['abc', '0', '9223372036854775808', '1.5'])
      expect((await agent.get(`/notes/${bad}`)).status).toBe(404);
    expect((await agent.get('/notes/new?inReplyToId=abc')).status).toBe(404);
    expect((await agent.get('/notes?fromId[]=x&kind=DROP TABLE notes&q[]=1&page[]=2&awaiting=1')).status).toBe(200);
  });
});
