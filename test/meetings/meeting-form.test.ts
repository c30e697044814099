import request from 'supertest';
import { count, csrfToken, postForm, useApp, agentAs } from '../support/app';
import { createMinistry } from '../support/factories';
import { createDossier, createMeeting, createNegotiation, formBody } from '../support/commitments.factories';
import { selectedValues, submissionToken } from '../support/form-html';

const t = useApp();

describe('GET /meetings/sides', () => {
  it('proposes the ministry of the maker’s post on the meeting’s date, and the other side’s ministry', async () => {
    const d = await createDossier(t.db);
    const agent = await agentAs(t);
    const sides = (q: string) => agent.get(`/meetings/sides?${q}`).then((r) => r.body);
    const lavrov = await sides(
      `madeById=${d.lavrov}&heldOn=2015-10-14&participantIds=${d.brende}&participantIds=${d.lavrov}`,
    );
    expect(lavrov).toEqual({
      party: { id: d.ruMfa, name: 'Министерство иностранных дел', countryCode: 'RU' },
      counterpart: { id: d.noMfa, name: 'Utenriksdepartementet', countryCode: 'NO' },
    });
    // Listhaug moved post on 2015-12-16; before that she was at agriculture (another ministry here).
    const agriculture = await createMinistry(t.db, { name: 'Landbruks- og matdepartementet', countryCode: 'NO' });
    await t.db.query(`UPDATE official_positions SET ministry_id = $1 WHERE official_id = $2 AND ended_on IS NOT NULL`, [
      agriculture,
      d.listhaug,
    ]);
    expect((await sides(`madeById=${d.listhaug}&heldOn=2015-11-01`)).party.id).toBe(agriculture);
    expect((await sides(`madeById=${d.listhaug}&heldOn=2016-01-26`)).party.id).toBe(d.noJustice);
    expect((await sides(`madeById=${d.listhaug}`)).party.id).toBe(d.noJustice);
    // No other participant of another country: the negotiation's party of the other side.
    const negotiation = await createNegotiation(t.db, { title: 'Storskog' });
    await t.db.query(`INSERT INTO negotiation_parties (negotiation_id, ministry_id) VALUES ($1, $2), ($1, $3)`, [
      negotiation,
      d.noJustice,
      d.ruFms,
    ]);
    expect((await sides(`madeById=${d.brende}&heldOn=2016-01-26&negotiationId=${negotiation}`)).counterpart.id).toBe(
      d.ruFms,
    );
    expect(await sides(`madeById=${d.brende}&heldOn=2016-01-26`)).toMatchObject({ counterpart: null });
    expect(await sides('madeById=abc&heldOn=2016-02-30')).toEqual({ party: null, counterpart: null });
    expect((await agent.get('/meetings/sides?madeById=1&heldOn[]=x&participantIds[a]=1')).status).toBe(200);
  });
});

describe('the meeting form’s commitment rows', () => {
  it('propose no strength, and refuse a row without one', async () => {
    const d = await createDossier(t.db);
    const agent = await agentAs(t);
    const form = await agent.get('/meetings/new');
    expect(selectedValues(form.text, 'commitments[0][strength]')).toEqual([]);
    const token = await csrfToken(agent, '/meetings/new');
    const res = await agent
      .post('/meetings')
      .type('form')
      .send(
        formBody([
          ['_csrf', token],
          ['_submission', submissionToken(form.text)],
          ['title', 'Oulu'],
          ['heldOn', '2015-10-14'],
          ['classification', 'unclassified'],
          ['commitments[0][text]', 'I will look into the matter'],
          ['commitments[0][partyId]', d.ruMfa],
          ['commitments[0][counterpartId]', d.noMfa],
          ['commitments[0][strength]', ''],
        ]),
      );
    expect(res.status).toBe(422);
    expect(res.text).toContain('<title>Error: New meeting');
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('<a href="#c0-strength" class="alert-link">Commitment 1: Choose strength.</a>');
    expect(await count(t.db, 'meetings')).toBe(0);
  });
});

describe('a meeting with the same title and date as another', () => {
  it('is saved, with a warning that links the other one', async () => {
    const other = await createMeeting(t.db, { title: 'Brende–Lavrov meeting in Oulu', heldOn: '2015-10-14' });
    const agent = await agentAs(t);
    const form = await agent.get('/meetings/new');
    const res = await postForm(
      agent,
      '/meetings',
      {
        _submission: submissionToken(form.text),
        title: '  brende–lavrov  meeting in Oulu ',
        heldOn: '2015-10-14',
        classification: 'unclassified',
      },
      '/meetings/new',
    );
    expect(res.status).toBe(303);
    expect(await count(t.db, 'meetings')).toBe(2);
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Another meeting with this title on 2015-10-14 is already in the record.');
    expect(page.text).toContain(`<a href="/meetings/${other}" class="alert-link">Open the other meeting</a>`);
  });

  it('says nothing of a twin the user may not see', async () => {
    await createMeeting(t.db, { title: 'Secret talks', heldOn: '2016-02-03', classification: 'confidential' });
    const agent = await agentAs(t);
    const form = await agent.get('/meetings/new');
    const res = await postForm(
      agent,
      '/meetings',
      {
        _submission: submissionToken(form.text),
        title: 'Secret talks',
        heldOn: '2016-02-03',
        classification: 'unclassified',
      },
      '/meetings/new',
    );
    expect(res.status).toBe(303);
    expect((await agent.get(res.headers.location)).text).not.toContain('Another meeting');
  });
});

describe('"Add an official" on the meeting form', () => {
  it('without JavaScript saves the official, adds it to the participants and keeps everything typed', async () => {
    const d = await createDossier(t.db);
    const agent = await agentAs(t);
    const form = await agent.get('/meetings/new');
    const submission = submissionToken(form.text);
    const officialToken = /name="newOfficial\[_submission\]" value="([^"]+)"/.exec(form.text)![1];
    const token = await csrfToken(agent, '/meetings/new');
    const typed: [string, string | number][] = [
      ['_csrf', token],
      ['_submission', submission],
      ['title', 'Delegation <meets> FMS'],
      ['heldOn', '2016-02-03'],
      ['location', 'Moscow'],
      ['classification', 'restricted'],
      ['participantIds', d.brende],
      ['commitments[0][text]', 'Russia agrees to take back 200–300'],
      ['commitments[0][strength]', 'pledge'],
    ];
    const before = await count(t.db, 'officials');
    const missing = await agent
      .post('/meetings')
      .type('form')
      .send(
        formBody([
          ...typed,
          ['newOfficial[_submission]', officialToken],
          ['newOfficial[fullName]', 'Thor Arne Aas'],
          ['_addOfficial', '1'],
        ]),
      );
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('<a href="#no-title" class="alert-link">New official: Enter the title.</a>');
    expect(missing.text).toContain('value="Thor Arne Aas"');
    expect(await count(t.db, 'officials')).toBe(before);

    const fields: [string, string | number][] = [
      ['newOfficial[_submission]', officialToken],
      ['newOfficial[fullName]', 'Thor Arne Aas'],
      ['newOfficial[title]', 'Director General'],
      ['newOfficial[ministryId]', d.noJustice],
      ['newOfficial[startedOn]', ''],
      ['_addOfficial', '1'],
    ];
    const added = await agent
      .post('/meetings')
      .type('form')
      .send(formBody([...typed, ...fields]));
    expect(added.status).toBe(200);
    const [aas] = await t.db.query(
      `SELECT o.id, p.title, p.started_on::text FROM officials o JOIN official_positions p ON p.official_id = o.id WHERE o.full_name = 'Thor Arne Aas'`,
    );
    expect(aas).toMatchObject({ title: 'Director General', started_on: '2016-02-03' });
    expect(await count(t.db, 'meetings')).toBe(0);
    expect(selectedValues(added.text, 'participantIds').sort()).toEqual([String(d.brende), String(aas.id)].sort());
    expect(/<select[^>]*id="c0-madeById"[^>]*>([\s\S]*?)<\/select>/.exec(added.text)![1]).toContain(
      `<option value="${aas.id}"`,
    );
    expect(added.text).toContain('value="Delegation &lt;meets&gt; FMS"');
    expect(added.text).toContain('Russia agrees to take back 200–300');
    expect(added.text).toContain('Thor Arne Aas was added to the records and to the participants.');
    expect(submissionToken(added.text)).toBe(submission);
    // The same official form sent twice (a double click) makes one official.
    await agent
      .post('/meetings')
      .type('form')
      .send(formBody([...typed, ...fields]));
    expect(await count(t.db, 'officials')).toBe(before + 1);
  });

  it('with JavaScript posts the official alone and answers JSON', async () => {
    const d = await createDossier(t.db);
    const agent = await agentAs(t);
    const form = await agent.get('/meetings/new');
    const officialToken = /name="newOfficial\[_submission\]" value="([^"]+)"/.exec(form.text)![1];
    const token = await csrfToken(agent, '/meetings/new');
    const bad = await agent
      .post('/officials')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: token, _submission: officialToken, fullName: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toMatchObject({ fullName: 'Enter the full name.' });
    const ok = await agent
      .post('/officials')
      .set('Accept', 'application/json')
      .type('form')
      .send({
        _csrf: token,
        _submission: officialToken,
        fullName: 'Thor Arne Aas',
        title: 'Director General',
        ministryId: String(d.noJustice),
        startedOn: '2016-02-03',
      });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ label: 'Thor Arne Aas — Director General (NO)' });
    expect(ok.body.submission).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.db.query(`SELECT id FROM officials WHERE full_name = 'Thor Arne Aas'`);
    expect(ok.body.id).toBe(row.id);
    const forged = await request(t.app)
      .post('/officials')
      .set('Accept', 'application/json')
      .type('form')
      .send({ fullName: 'Nobody', title: 'X', ministryId: String(d.noJustice), startedOn: '2016-02-03' });
    expect(forged.status).not.toBe(201);
    expect(await count(t.db, 'officials')).toBe(4);
  });
});
