import request from 'supertest';
import { login, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { fold, escapeText } from '../../src/calendar/ical';

const t = useApp();

async function records() {
  const no = await createMinistry(t.db, { countryCode: 'NO' });
  const ru = await createMinistry(t.db, { countryCode: 'RU', name: 'МИД России' });
  await t.db.query(
    `INSERT INTO meetings (title, held_on, location, classification) VALUES ('Oulu; Brende, Lavrov', '2015-10-14', 'Oulu', 'unclassified'), ('Secret talks', '2016-01-27', 'Moscow', 'confidential')`,
  );
  await t.db.query(
    `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, due_on, classification, status)
     VALUES ('Look into the matter', $1, $2, 'will_consider', 'statement', 'https://example.test/', '2015-10-14', '2015-11-13', 'unclassified', 'open'),
            ('Consider the 700', $1, $2, 'will_consider', 'statement', 'https://example.test/', '2016-01-27', '2016-04-30', 'confidential', 'open'),
            ('Done already', $1, $2, 'pledge', 'statement', 'https://example.test/', '2016-01-27', '2016-02-01', 'unclassified', 'fulfilled')`,
    [ru, no],
  );
}

async function revealFeed(agent: Awaited<ReturnType<typeof login>>) {
  const res = await postForm(agent, '/calendar/feed', {}, '/calendar');
  expect(res.status).toBe(200);
  const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(res.text)![1];
  return new URL(url).pathname;
}

describe('calendar feed', () => {
  it('serves valid iCalendar with the meetings and due dates the user may see, without a session', async () => {
    await records();
    const staff = await login(
      t.app,
      (await createUser(t.db, { clearance: 'restricted', name: 'Ingrid' })).email,
      PASSWORD,
    );
    const path = await revealFeed(staff);
    const [row] = await t.db.query(`SELECT token_hash FROM calendar_feeds`);
    expect(path).not.toContain(row.token_hash);
    const res = await request(t.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = res.text;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(ics).toContain('SUMMARY:Meeting: Oulu\\; Brende\\, Lavrov');
    expect(ics).toContain('DTSTART;VALUE=DATE:20151014\r\nDTEND;VALUE=DATE:20151015');
    expect(ics).toContain('SUMMARY:Due: Look into the matter');
    expect(ics).not.toContain('Secret talks');
    expect(ics).not.toContain('Consider the 700');
    expect(ics).not.toContain('Done already');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('stops working when revoked or replaced, and for a disabled user', async () => {
    const user = await createUser(t.db);
    const agent = await login(t.app, user.email, PASSWORD);
    const first = await revealFeed(agent);
    const second = await revealFeed(agent);
    expect((await request(t.app).get(first)).status).toBe(404);
    expect((await request(t.app).get(second)).status).toBe(200);
    await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    expect((await request(t.app).get(second)).status).toBe(404);
    await t.db.query(`UPDATE users SET disabled = false WHERE id = $1`, [user.id]);
    const again = await login(t.app, user.email, PASSWORD);
    expect((await postForm(again, '/calendar/feed/delete', {}, '/calendar')).status).toBe(303);
    expect((await request(t.app).get(second)).status).toBe(404);
    expect((await request(t.app).get('/calendar/not-a-token.ics')).status).toBe(404);
  });
});

describe('iCalendar text', () => {
  it('escapes and folds without splitting characters', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = fold('SUMMARY:' + 'Лавров '.repeat(20));
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n ').join('')).toBe('SUMMARY:' + 'Лавров '.repeat(20));
  });
});
