import { count, csrfToken, login, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { createAgreement } from '../support/agreements.factories';
import { fieldError, optionValues, selectedValues, submissionToken } from '../support/form-html';
import { createNegotiation, createSourcedCommitment } from '../support/notes.factories';

const t = useApp();

const agentWith = (clearance: 'restricted' | 'confidential' = 'confidential') => loginAs(t, { clearance });

async function parties() {
  const no = await createMinistry(t.db, { name: 'Justis- og beredskapsdepartementet', countryCode: 'NO' });
  const ru = await createMinistry(t.db, { name: 'Федеральная миграционная служба', countryCode: 'RU' });
  return { no, ru };
}

const READMISSION = 'Agreement between Norway and Russia on the readmission of persons';

describe('POST /agreements', () => {
  it('records an agreement with its parties, audits it and shows it', async () => {
    const { agent, user } = await agentWith();
    const { no, ru } = await parties();
    const negotiation = await createNegotiation(t.db);
    const form = await agent.get('/agreements/new');
    const res = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: READMISSION,
        kind: 'agreement',
        status: 'in_force',
        signedOn: '2007-04-08',
        inForceOn: '2008-05-01',
        partyIds: [String(no), String(ru)],
        negotiationId: String(negotiation),
        summary: 'Tilbaketaking — реадмиссия 🤝',
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(
      `SELECT id, title, status, signed_on::text, in_force_on::text, summary, negotiation_id, created_by FROM agreements`,
    );
    expect(row).toMatchObject({
      title: READMISSION,
      status: 'in_force',
      signed_on: '2007-04-08',
      in_force_on: '2008-05-01',
      summary: 'Tilbaketaking — реадмиссия 🤝',
      negotiation_id: negotiation,
      created_by: user.id,
    });
    const partyRows = await t.db.query(
      `SELECT ministry_id FROM agreement_parties WHERE agreement_id = $1 ORDER BY ministry_id`,
      [row.id],
    );
    expect(partyRows.map((p: { ministry_id: number }) => p.ministry_id)).toEqual([no, ru]);
    const [event] = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'agreement' AND entity_id = $1`,
      [row.id],
    );
    expect(event).toMatchObject({ user_id: user.id, action: 'create' });
    expect(event.changes.partyIds).toEqual({ before: null, after: [no, ru] });
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Федеральная миграционная служба');
    expect(page.text).toContain('Justis- og beredskapsdepartementet');
    expect(page.text).toContain('Tilbaketaking — реадмиссия 🤝');
    expect(page.text).toContain(`href="/commitments/new?agreementId=${row.id}"`);
  });

  it('creates one agreement when the same form is submitted twice', async () => {
    const { agent } = await agentWith();
    const { no, ru } = await parties();
    const form = await agent.get('/agreements/new');
    const fields = {
      _submission: submissionToken(form.text),
      title: 'Arrangement',
      kind: 'arrangement',
      status: 'signed',
      partyIds: [String(no), String(ru)],
      classification: 'unclassified',
    };
    const first = await postForm(agent, '/agreements', fields, '/agreements/new');
    const second = await postForm(agent, '/agreements', fields, '/agreements/new');
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'agreements')).toBe(1);
    expect(await count(t.db, 'agreement_parties')).toBe(2);
  });

  it('re-renders with 422 for impossible dates, force before signature and a single party, keeping the input', async () => {
    const { agent } = await agentWith();
    const { no } = await parties();
    const form = await agent.get('/agreements/new');
    const res = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: 'Avtale om grensepassering',
        kind: 'protocol',
        status: 'signed',
        signedOn: '2016-02-30',
        partyIds: String(no),
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'signedOn')).toBe('Enter a real date as YYYY-MM-DD.');
    expect(fieldError(res.text, 'partyIds')).toBe('Choose at least two parties.');
    expect(res.text).toContain('value="Avtale om grensepassering"');
    expect(selectedValues(res.text, 'partyIds')).toEqual([String(no)]);
    const early = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: 'T',
        kind: 'protocol',
        status: 'in_force',
        signedOn: '2016-03-01',
        inForceOn: '2016-02-01',
        partyIds: [String(no), '99999'],
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(early.status).toBe(422);
    expect(fieldError(early.text, 'inForceOn')).toBe('An agreement cannot enter into force before it was signed.');
    const unknown = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: 'T',
        kind: 'protocol',
        status: 'signed',
        partyIds: [String(no), '99999'],
        parentId: '88888',
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.text, 'partyIds')).toBe('Choose the parties from the list.');
    expect(fieldError(unknown.text, 'parentId')).toBe('Choose an entry from the list.');
    const token = await csrfToken(agent, '/agreements/new');
    const repeated = await agent
      .post('/agreements')
      .type('form')
      .send(
        `_csrf=${token}&_submission=${submissionToken(form.text)}&title=A&title=B&kind=treaty&status=signed&partyIds=${no}&partyIds=x&classification=unclassified`,
      );
    expect(repeated.status).toBe(422);
    expect(fieldError(repeated.text, 'title')).toBe('Give a single value.');
    expect(await count(t.db, 'agreements')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('shows HTML typed into text fields escaped', async () => {
    const { agent } = await agentWith();
    const id = await createAgreement(t.db, {
      title: '<script>alert(1)</script>',
      summary: '"><img src=x onerror=alert(1)>',
    });
    for (const path of [`/agreements/${id}`, '/agreements', `/agreements/${id}/edit`, '/agreements/new']) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
    }
  });
});

describe('POST /agreements/:id', () => {
  it('updates with the current version, replaces the parties and audits before and after', async () => {
    const { agent } = await agentWith();
    const { no, ru } = await parties();
    const udi = await createMinistry(t.db, { name: 'UDI', countryCode: 'NO' });
    const id = await createAgreement(t.db, { title: READMISSION, partyIds: [no, ru] });
    const res = await postForm(
      agent,
      `/agreements/${id}`,
      {
        version: '1',
        title: READMISSION,
        kind: 'agreement',
        status: 'suspended',
        signedOn: '2007-04-08',
        partyIds: [String(udi), String(ru)],
        classification: 'unclassified',
      },
      `/agreements/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT status, version FROM agreements WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'suspended', version: 2 });
    const partyRows = await t.db.query(
      `SELECT ministry_id FROM agreement_parties WHERE agreement_id = $1 ORDER BY ministry_id`,
      [id],
    );
    expect(partyRows.map((p: { ministry_id: number }) => p.ministry_id)).toEqual([ru, udi]);
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE action = 'update' AND entity_type = 'agreement'`,
    );
    expect(event.changes.status).toEqual({ before: 'in_force', after: 'suspended' });
    expect(event.changes.partyIds).toEqual({ before: [no, ru], after: [ru, udi] });
  });

  it('answers a stale save with 409, keeps the typed input and leaves the other change intact', async () => {
    const { agent } = await agentWith();
    const other = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const { no, ru } = await parties();
    const id = await createAgreement(t.db, { title: 'Original', partyIds: [no, ru] });
    const base = {
      version: '1',
      kind: 'agreement',
      status: 'in_force',
      partyIds: [String(no), String(ru)],
      classification: 'unclassified',
    };
    expect(
      (await postForm(other, `/agreements/${id}`, { ...base, title: 'Their title' }, `/agreements/${id}/edit`)).status,
    ).toBe(303);
    const stale = await postForm(
      agent,
      `/agreements/${id}`,
      { ...base, title: 'My title', summary: 'My careful summary' },
      `/agreements/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="My title"');
    expect(stale.text).toContain('My careful summary');
    expect(stale.text).toMatch(/<th scope="row">Title<\/th><td>Their title<\/td><td>My title<\/td>/);
    expect(stale.text).not.toMatch(/<th scope="row">Parties<\/th>/);
    expect(stale.text).toContain('name="version" value="2"');
    expect(selectedValues(stale.text, 'partyIds')).toEqual([String(no), String(ru)]);
    const [row] = await t.db.query(`SELECT title, summary, version FROM agreements WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Their title', summary: null, version: 2 });
  });

  it('soft-deletes and lets only an admin restore', async () => {
    const { agent } = await agentWith();
    const id = await createAgreement(t.db, { title: 'To be deleted' });
    expect((await postForm(agent, `/agreements/${id}/delete`, {}, `/agreements/${id}`)).status).toBe(303);
    expect((await agent.get(`/agreements/${id}`)).status).toBe(404);
    expect((await agent.get('/agreements')).text).not.toContain('To be deleted');
    expect((await postForm(agent, `/agreements/${id}/restore`, {}, '/agreements')).status).toBe(403);
    const admin = await login(t.app, (await createUser(t.db, { role: 'admin' })).email, PASSWORD);
    expect((await postForm(admin, `/agreements/${id}/restore`, {}, `/agreements/${id}`)).status).toBe(303);
    expect(await count(t.db, `audit_events WHERE entity_type = 'agreement' AND action IN ('delete', 'restore')`)).toBe(
      2,
    );
    for (const bad of ['abc', '0', '9223372036854775808'])
      expect((await agent.get(`/agreements/${bad}`)).status).toBe(404);
  });
});

describe('agreement chains', () => {
  it('shows a 2016 arrangement under the 2007 readmission agreement in both directions, with contained commitments', async () => {
    const { agent } = await agentWith();
    const { no, ru } = await parties();
    const parent = await createAgreement(t.db, { title: READMISSION, signedOn: '2007-04-08', partyIds: [no, ru] });
    const form = await agent.get('/agreements/new');
    const searched = await postForm(
      agent,
      '/agreements',
      { _search: 'parentId', '_find[parentId]': 'readmission' },
      '/agreements/new',
    );
    expect(optionValues(searched.text, 'parentId')).toContain(String(parent));
    expect(searched.text).toContain(`${READMISSION} (2007)`);
    const res = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: 'Arrangement on the return of third-country nationals via Storskog',
        kind: 'arrangement',
        status: 'signed',
        signedOn: '2016-01-29',
        partyIds: [String(no), String(ru)],
        parentId: String(parent),
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(res.status).toBe(303);
    const child = Number(res.headers.location.split('/').pop());
    await createSourcedCommitment(
      t.db,
      { agreementId: parent },
      { text: 'Russia will take back 200–300 failed asylum seekers' },
    );
    const childPage = await agent.get(`/agreements/${child}`);
    expect(childPage.text).toContain(`Amends or supplements <a href="/agreements/${parent}">${READMISSION}</a>`);
    const parentPage = await agent.get(`/agreements/${parent}`);
    expect(parentPage.text).toContain(
      `<a href="/agreements/${child}">Arrangement on the return of third-country nationals via Storskog</a>`,
    );
    expect(parentPage.text).toContain('Russia will take back 200–300 failed asylum seekers');
  });

  it('refuses a parent that would make a cycle', async () => {
    const { agent } = await agentWith();
    const { no, ru } = await parties();
    const root = await createAgreement(t.db, { title: 'Root', partyIds: [no, ru] });
    const child = await createAgreement(t.db, { title: 'Child', parentId: root, partyIds: [no, ru] });
    const grandchild = await createAgreement(t.db, { title: 'Grandchild', parentId: child, partyIds: [no, ru] });
    const res = await postForm(
      agent,
      `/agreements/${root}`,
      {
        version: '1',
        title: 'Root',
        kind: 'agreement',
        status: 'in_force',
        partyIds: [String(no), String(ru)],
        parentId: String(grandchild),
        classification: 'unclassified',
      },
      `/agreements/${root}/edit`,
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'parentId')).toBe('An agreement cannot amend itself or an agreement that amends it.');
    const [row] = await t.db.query(`SELECT parent_id, version FROM agreements WHERE id = $1`, [root]);
    expect(row).toEqual({ parent_id: null, version: 1 });
  });
});

describe('agreements above the user’s clearance', () => {
  it('answer 404 and are absent from the index, the chain, the parent list and commitments', async () => {
    const { agent } = await agentWith('restricted');
    const { no, ru } = await parties();
    const open = await createAgreement(t.db, {
      title: 'Open agreement',
      partyIds: [no, ru],
      classification: 'restricted',
    });
    const secret = await createAgreement(t.db, {
      title: 'Secret protocol',
      parentId: open,
      partyIds: [no, ru],
      classification: 'confidential',
    });
    await createSourcedCommitment(
      t.db,
      { agreementId: open },
      { text: 'Secret pledge', classification: 'confidential' },
    );
    expect((await agent.get(`/agreements/${secret}`)).status).toBe(404);
    expect((await agent.get(`/agreements/${secret}/edit`)).status).toBe(404);
    expect((await postForm(agent, `/agreements/${secret}/delete`, {}, '/agreements')).status).toBe(404);
    expect((await agent.get('/agreements')).text).not.toContain('Secret protocol');
    const page = await agent.get(`/agreements/${open}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Secret protocol');
    expect(page.text).not.toContain('Secret pledge');
    const form = await agent.get('/agreements/new');
    const searched = await postForm(
      agent,
      '/agreements',
      { _search: 'parentId', '_find[parentId]': '' },
      '/agreements/new',
    );
    expect(optionValues(searched.text, 'parentId')).toEqual([String(open)]);
    const res = await postForm(
      agent,
      '/agreements',
      {
        _submission: submissionToken(form.text),
        title: 'Sneaky',
        kind: 'protocol',
        status: 'signed',
        partyIds: [String(no), String(ru)],
        parentId: String(secret),
        classification: 'unclassified',
      },
      '/agreements/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'parentId')).toBe('Choose an entry from the list.');
    const [row] = await t.db.query(`SELECT deleted_at FROM agreements WHERE id = $1`, [secret]);
    expect(row.deleted_at).toBeNull();
  });

  it('filters the index by status, kind, party and title, newest first', async () => {
    const { agent } = await agentWith();
    const { no, ru } = await parties();
    const fi = await createMinistry(t.db, { countryCode: 'FI' });
    await createAgreement(t.db, { title: 'Readmission 2007', signedOn: '2007-04-08', partyIds: [no, ru] });
    await createAgreement(t.db, {
      title: 'Arrangement 2016',
      kind: 'arrangement',
      status: 'signed',
      signedOn: '2016-01-29',
      partyIds: [no, ru],
    });
    await createAgreement(t.db, { title: 'Unsigned draft', status: 'negotiating', signedOn: null, partyIds: [ru, fi] });
    const index = await agent.get('/agreements');
    const order = ['Arrangement 2016', 'Readmission 2007', 'Unsigned draft'].map((title) => index.text.indexOf(title));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect((await agent.get('/agreements?status=signed')).text).not.toContain('Readmission 2007');
    expect((await agent.get('/agreements?kind=arrangement')).text).not.toContain('Readmission 2007');
    expect((await agent.get(`/agreements?partyId=${fi}`)).text).not.toContain('Readmission 2007');
    expect((await agent.get('/agreements?q=readm')).text).not.toContain('Arrangement 2016');
    expect((await agent.get('/agreements?status[]=x&partyId=abc&q=%25')).status).toBe(200);
  });
});
