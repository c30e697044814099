import { DroppingClient } from '../../src/db/dropping-client';
import { login, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';
import { segments, toPrefixQuery } from '../../src/search/search.service';

const t = useApp();

async function seedRecord() {
  const no = await createMinistry(t.db, { name: 'Utenriksdepartementet', shortName: 'UD', countryCode: 'NO' });
  const ru = await createMinistry(t.db, { name: 'Министерство иностранных дел', countryCode: 'RU' });
  await createOfficial(t.db, { fullName: 'Børge Brende', ministryId: no });
  await createOfficial(t.db, { fullName: 'Sergey Lavrov', nativeName: 'Сергей Лавров', ministryId: ru });
  const commitment = (text: string, classification: string) =>
    t.db.query(
      `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, classification) VALUES ($1, $2, $3, 'will_consider', 'statement', 'https://example.test/', '2015-10-14', $4)`,
      [text, ru, no, classification],
    );
  await commitment('Mr. Lavrov said he would look into the matter', 'unclassified');
  await commitment('Russia will consider the 700 case by case at Storskog', 'confidential');
}

describe('GET /search', () => {
  it('finds Børge by Borge, Cyrillic names by Cyrillic queries, and groups results by kind', async () => {
    await seedRecord();
    const agent = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const borge = await agent.get('/search?q=Borge');
    expect(borge.status).toBe(200);
    expect(borge.text).toContain('<mark>Børge</mark>');
    expect(borge.text).toContain('href="/officials/');
    const cyrillic = await agent.get('/search?q=' + encodeURIComponent('лавров'));
    expect(cyrillic.text).toContain('<mark>Лавров</mark>');
    const prefix = await agent.get('/search?q=Lavr');
    expect(prefix.text).toMatch(/Officials <span/);
    expect(prefix.text).toMatch(/Commitments <span/);
  });

  it("leaves out records above the user's clearance", async () => {
    await seedRecord();
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    expect((await staff.get('/search?q=Storskog')).text).toContain('Nothing matches');
    const manager = await login(t.app, (await createUser(t.db, { clearance: 'confidential' })).email, PASSWORD);
    expect((await manager.get('/search?q=Storskog')).text).toContain('<mark>Storskog</mark>');
  });

  it('shows matching HTML escaped and survives tsquery syntax in the query', async () => {
    const id = await createMinistry(t.db, { name: 'Storskog <script>alert(1)</script>' });
    const agent = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const res = await agent.get('/search?q=storskog');
    expect(res.text).toContain(`/ministries/${id}`);
    expect(res.text).not.toContain('<script>alert');
    for (const q of ["a & | ! ( ) :* '", "' OR 1=1 --", '\\', 'x'.repeat(500)]) {
      expect((await agent.get('/search?q=' + encodeURIComponent(q))).status).toBe(200);
    }
    expect((await agent.get('/search?q[]=a&q[]=b')).status).toBe(200);
  });
});

describe('search helpers', () => {
  it('keeps only letters and digits as prefix terms', () => {
    expect(toPrefixQuery("Lavrov's & | ! note")).toBe('Lavrov:* & s:* & note:*');
    expect(toPrefixQuery('!!!')).toBeUndefined();
  });

  it('splits highlighted text into segments', () => {
    expect(segments('a \u0001Børge\u0002 b')).toEqual([
      { text: 'a ', hit: false },
      { text: 'Børge', hit: true },
      { text: ' b', hit: false },
    ]);
  });
});

describe('GET /search statements', () => {
  it('asks PostgreSQL at most 4 statements per search, session included, whatever the number of kinds', async () => {
    await seedRecord();
    const agent = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    await agent.get('/search?q=Lavr'); // the session's first renewal is behind us
    const query = jest.spyOn(DroppingClient.prototype, 'query');
    try {
      for (const q of ['Lavr', 'Storskog', 'matter']) {
        query.mockClear();
        expect((await agent.get('/search?q=' + q)).status).toBe(200);
        expect(query.mock.calls.length).toBeGreaterThan(0);
        expect(query.mock.calls.length).toBeLessThanOrEqual(4);
      }
    } finally {
      query.mockRestore();
    }
  });
});

describe('GET /search with a common word', () => {
  it('answers 200 when every classified kind has a full page of whole-word hits and only officials and ministries need prefixes', async () => {
    const [ru] = await t.db.query(
      `INSERT INTO ministries (name, kind, country_code) VALUES ('Border Guard Service', 'service', 'RU') RETURNING id`,
    );
    const [no] = await t.db.query(
      `INSERT INTO ministries (name, kind, country_code) VALUES ('Politiet', 'agency', 'NO') RETURNING id`,
    );
    for (let i = 0; i < 20; i++) {
      await t.db.query(`INSERT INTO meetings (title, held_on) VALUES ($1, '2016-01-01')`, [`Border talks ${i}`]);
      await t.db.query(
        `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject) VALUES ($1, 'note_verbale', '2016-01-01', $2, $3, 'Border crossings')`,
        [`NV-B-${i}`, ru.id, no.id],
      );
      await t.db.query(`INSERT INTO agreements (title, kind, status) VALUES ($1, 'agreement', 'signed')`, [
        `Border agreement ${i}`,
      ]);
      await t.db.query(
        `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on) VALUES ($1, $2, $3, 'pledge', 'statement', 'https://example.test/', '2016-01-01')`,
        [`Close the border crossing ${i}`, ru.id, no.id],
      );
    }
    const agent = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    const res = await agent.get('/search?q=border');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Border Guard Service');
    expect(res.text).toContain('Border talks 19');
  });
});
