import { login, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';
import { createCommitment } from '../support/commitments.factories';
import { csvCell } from '../../src/commitments/commitments.csv';
import { matchesFew, openCommitmentsPage, parseFilters } from '../../src/commitments/open-commitments';
import type { Request } from 'express';

const t = useApp();

async function setting() {
  const no = await createMinistry(t.db, { name: 'Justisdepartementet', countryCode: 'NO' });
  const ru = await createMinistry(t.db, { name: 'Федеральная миграционная служба', countryCode: 'RU' });
  const fi = await createMinistry(t.db, { name: 'Ulkoministeriö', countryCode: 'FI' });
  const lavrov = await createOfficial(t.db, { fullName: 'Sergey Lavrov', ministryId: ru });
  const owner = await createUser(t.db, { name: 'Owner One', clearance: 'restricted' });
  const agent = await login(t.app, owner.email, PASSWORD);
  return { no, ru, fi, lavrov, owner, agent };
}

const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const texts = (html: string) => [...html.matchAll(/class="quote">“([^”]*)”/g)].map((m) => m[1]);

describe('GET /commitments', () => {
  it('combines filters kept in the URL, shows them as removable chips and counts per status within clearance', async () => {
    const s = await setting();
    await createCommitment(t.db, {
      text: 'Air returns',
      partyId: s.ru,
      counterpartId: s.no,
      madeById: s.lavrov,
      dueOn: '2016-03-31',
      ownerId: s.owner.id,
    });
    await createCommitment(t.db, {
      text: 'Case by case',
      partyId: s.ru,
      counterpartId: s.no,
      dueOn: '2016-04-30',
      classification: 'confidential',
    });
    await createCommitment(t.db, { text: 'No buses', partyId: s.no, counterpartId: s.ru, dueOn: '2099-01-01' });
    await createCommitment(t.db, { text: 'Finnish route', partyId: s.fi, counterpartId: s.no, status: 'stalled' });
    await createCommitment(t.db, { text: 'Done deal', partyId: s.ru, counterpartId: s.no, status: 'fulfilled' });

    const all = await s.agent.get('/commitments');
    expect(texts(all.text)).toEqual(['Air returns', 'No buses', 'Finnish route']);
    expect(all.text).toMatch(/open <span class="badge text-bg-light">2<\/span>/);
    expect(all.text).toMatch(/stalled <span class="badge text-bg-light">1<\/span>/);
    expect(all.text).toMatch(/fulfilled <span class="badge text-bg-light">1<\/span>/);
    expect(all.text).toContain('1 overdue');

    const theirs = await s.agent.get(`/commitments?direction=theirs&counterpartId=${s.no}&officialId=${s.lavrov}`);
    expect(texts(theirs.text)).toEqual(['Air returns']);
    expect(theirs.text).toContain('Direction: theirs ×');
    expect(theirs.text).toContain('Counterpart: Justisdepartementet (NO) ×');
    expect(decode(theirs.text)).toContain(`href="/commitments?direction=theirs&officialId=${s.lavrov}"`);

    expect(texts((await s.agent.get('/commitments?direction=ours')).text)).toEqual(['No buses']);
    expect(texts((await s.agent.get('/commitments?overdue=1')).text)).toEqual(['Air returns']);
    expect(texts((await s.agent.get('/commitments?status=fulfilled&status=stalled')).text)).toEqual([
      'Finnish route',
      'Done deal',
    ]);
    expect(texts((await s.agent.get(`/commitments?ownerId=${s.owner.id}`)).text)).toEqual(['Air returns']);
    expect(texts((await s.agent.get('/commitments?q=buses')).text)).toEqual(['No buses']);
    expect(texts((await s.agent.get('/commitments?sort=made')).text)).toHaveLength(3);
  });

  it("filters by the maker's name typed in the form, accent- and case-insensitive, and fills the field from an official's id", async () => {
    const s = await setting();
    const brende = await createOfficial(t.db, { fullName: 'Børge Brende', ministryId: s.no });
    const sergey = await createOfficial(t.db, { fullName: 'Sergey Shoygu', ministryId: s.ru });
    await createCommitment(t.db, { text: 'Air returns', partyId: s.ru, counterpartId: s.no, madeById: s.lavrov });
    await createCommitment(t.db, { text: 'Talk to Moscow', partyId: s.no, counterpartId: s.ru, madeById: brende });
    await createCommitment(t.db, { text: 'Look into it', partyId: s.ru, counterpartId: s.no, madeById: sergey });
    await createCommitment(t.db, { text: 'Nobody said it', partyId: s.ru, counterpartId: s.no });

    const byName = await s.agent.get('/commitments?official=borge');
    expect(texts(byName.text)).toEqual(['Talk to Moscow']);
    expect(byName.text).toContain('Made by: borge ×');
    expect(byName.text).toMatch(/id="official" name="official" value="borge"/);
    expect(texts((await s.agent.get('/commitments?official=LAVR')).text)).toEqual(['Air returns']);
    expect(texts((await s.agent.get('/commitments?official=Sergey')).text).sort()).toEqual([
      'Air returns',
      'Look into it',
    ]);
    expect(texts((await s.agent.get(`/commitments?official=Sergey&partyId=${s.ru}&q=look`)).text)).toEqual([
      'Look into it',
    ]);
    expect(texts((await s.agent.get('/commitments?official=Nobody')).text)).toEqual([]);

    const byId = await s.agent.get(`/commitments?officialId=${brende}`);
    expect(byId.text).toContain('Made by: Børge Brende ×');
    expect(byId.text).toMatch(/id="official" name="official" value="Børge Brende"/);
    const csv = await s.agent.get('/commitments.csv?official=brende');
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    expect(csv.text).toContain('Talk to Moscow');
  });

  it('sorts the matches of a rare word instead of walking the index, with the same rows either way', async () => {
    const s = await setting();
    for (let i = 0; i < 12; i++) {
      await createCommitment(t.db, {
        text: i % 4 === 0 ? `Readmission talk ${i}` : `Border talk ${i}`,
        partyId: s.ru,
        counterpartId: s.no,
        dueOn: `2016-0${(i % 9) + 1}-1${i % 10}`,
      });
    }
    const scope = { userId: s.owner.id, levels: ['unclassified', 'restricted'] as const, isAdmin: false };
    for (const query of [
      { q: 'readm' },
      { q: 'talk', sort: 'made' },
      { q: 'talk', sort: 'quiet' },
      { official: 'lavrov' },
    ]) {
      const filters = parseFilters({ query } as unknown as Request, '2026-01-01');
      const walked = await openCommitmentsPage(
        t.db,
        { ...scope, levels: [...scope.levels] },
        'NO',
        filters,
        undefined,
        false,
      );
      const sorted = await openCommitmentsPage(
        t.db,
        { ...scope, levels: [...scope.levels] },
        'NO',
        filters,
        undefined,
        true,
      );
      expect(sorted.rows.map((r) => r.id)).toEqual(walked.rows.map((r) => r.id));
    }
    const filters = (query: Record<string, string>) => parseFilters({ query } as unknown as Request, '2026-01-01');
    const counts = { open: 3, in_progress: 0, stalled: 1, fulfilled: 1000 };
    expect(matchesFew(filters({ q: 'readm' }), counts)).toBe(true);
    expect(matchesFew(filters({}), counts)).toBe(false);
    expect(matchesFew(filters({ q: 'readm', status: 'fulfilled' }), counts)).toBe(false);
    expect(matchesFew(filters({ official: 'lavrov' }), { open: 999, in_progress: 1, stalled: 0 })).toBe(false);
  });

  it('pages by keyset: next and previous pages hold the following and preceding rows', async () => {
    const s = await setting();
    for (let i = 0; i < 55; i++) {
      await createCommitment(t.db, {
        text: `Row ${String(i).padStart(2, '0')}`,
        partyId: s.ru,
        counterpartId: s.no,
        dueOn: `2016-01-${String((i % 28) + 1).padStart(2, '0')}`,
      });
    }
    const first = await s.agent.get('/commitments');
    const firstRows = texts(first.text);
    expect(firstRows).toHaveLength(50);
    const next = /href="(\/commitments\?after=[^"]+)">Next/.exec(decode(first.text))![1];
    const second = await s.agent.get(next);
    const secondRows = texts(second.text);
    expect(secondRows).toHaveLength(5);
    expect(new Set([...firstRows, ...secondRows]).size).toBe(55);
    const previous = /href="(\/commitments\?before=[^"]+)">← Previous/.exec(decode(second.text))![1];
    expect(texts((await s.agent.get(previous)).text)).toEqual(firstRows);
  });

  it('refuses filters and sort orders outside the allowlists with 400 and changes nothing', async () => {
    const s = await setting();
    for (const query of [
      'sort=due;DROP TABLE users',
      "status=open' OR '1'='1",
      'partyId=1 OR 1=1',
      'direction=everyone',
      'after=2016-01-01_abc',
      'partyId=99999999999',
    ]) {
      const res = await s.agent.get(`/commitments?${query}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('is not valid');
    }
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM users`);
    expect(row.n).toBe(1);
  });
});

describe('GET /commitments.csv', () => {
  it('exports exactly the design columns, filtered, within clearance, with correct quoting', async () => {
    const s = await setting();
    await createCommitment(t.db, {
      text: 'He said, "we will look into it"\nand left',
      partyId: s.ru,
      counterpartId: s.no,
      madeById: s.lavrov,
      dueOn: '2016-03-31',
    });
    await createCommitment(t.db, { text: '=HYPERLINK("http://evil.example")', partyId: s.ru, counterpartId: s.no });
    await createCommitment(t.db, {
      text: 'Секретно',
      partyId: s.ru,
      counterpartId: s.no,
      classification: 'confidential',
    });
    await createCommitment(t.db, {
      text: 'Норвегия не будет возвращать автобусами',
      partyId: s.no,
      counterpartId: s.ru,
    });
    const res = await s.agent.get(`/commitments.csv?partyId=${s.ru}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,text,made_by,party,counterpart,strength,made_on,due_on,status,last_follow_up_on,owner,source',
    );
    expect(res.text).toContain('"He said, ""we will look into it""\nand left",Sergey Lavrov');
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(res.text).not.toContain('Секретно');
    expect(res.text).not.toContain('Норвегия');
    const cyrillic = await s.agent.get(`/commitments.csv?partyId=${s.no}`);
    expect(cyrillic.text).toContain(
      'Норвегия не будет возвращать автобусами,,Justisdepartementet,Федеральная миграционная служба,pledge',
    );
  });

  it('neutralises every formula prefix', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      'plain',
    ]);
  });
});
