import { login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { unescapeHtml } from '../support/processes';

/** /admin/outbox: filters by status, kind and recipient, and keyset pages of 50 that stay bounded. */

const t = useApp();

/** `n` mails for the user, ids in creation order, alternating summaries and digests. */
async function mails(recipientId: number, email: string, n: number, from = 0): Promise<void> {
  await t.db.query(
    `INSERT INTO outbox (recipient_id, kind, period, payload, to_address, subject, text_body, html_body, classification, message_id, status, created_at)
     SELECT $1::int, CASE WHEN i % 2 = 0 THEN 'summary' ELSE 'digest' END, 'p' || i, '{}', $2::text, 'Mail number ' || i || ' for ' || $2::text, 'text', '<p>html</p>', 'unclassified',
            '<' || i || '.' || $1::int || '@demarche.test>', CASE WHEN i % 3 = 0 THEN 'sent' ELSE 'pending' END, now() - (100000 - i) * interval '1 second'
       FROM generate_series($3::int, $4::int) i`,
    [recipientId, email, from + 1, from + n],
  );
}

const subjects = (html: string) => [...html.matchAll(/>(Mail number \d+ for [^<]+)</g)].map((m) => m[1]);
const olderLink = (html: string) => {
  const href = /href="([^"]+)">Older mails</.exec(html)?.[1];
  return href === undefined ? undefined : unescapeHtml(href);
};

async function setup() {
  const admin = await createUser(t.db, { role: 'admin', clearance: 'confidential' });
  const olga = await createUser(t.db, { email: 'olga@example.test', name: 'Olga Owner' });
  const pete = await createUser(t.db, { email: 'pete_100%@example.test', name: 'Pete Percent' });
  await mails(olga.id, olga.email, 120);
  await mails(pete.id, pete.email, 3, 1000);
  return { agent: await login(t.app, admin.email, PASSWORD) };
}

describe('/admin/outbox', () => {
  it('pages through every mail, newest first, 50 at a time, each once', async () => {
    const { agent } = await setup();
    const seen: string[] = [];
    let url: string | undefined = '/admin/outbox';
    let pages = 0;
    while (url && pages < 10) {
      const res = await agent.get(url);
      expect(res.status).toBe(200);
      const page = subjects(res.text);
      expect(page.length).toBeLessThanOrEqual(50);
      seen.push(...page);
      url = olderLink(res.text);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(123);
    expect(new Set(seen).size).toBe(123);
    expect(seen[0]).toBe('Mail number 1003 for pete_100%@example.test');
  });

  it('filters by kind and by recipient (name or email, wildcards taken literally), and pages within the filter', async () => {
    const { agent } = await setup();
    const digests = await agent.get('/admin/outbox?kind=digest');
    expect(subjects(digests.text)).toHaveLength(50);
    const rest = await agent.get(olderLink(digests.text)!);
    expect(olderLink(digests.text)).toContain('kind=digest');
    expect(subjects(digests.text).length + subjects(rest.text).length).toBe(62); // 60 of Olga's, 2 of Pete's
    expect(subjects(rest.text).every((s) => Number(/\d+/.exec(s)![0]) % 2 === 1)).toBe(true);

    expect(subjects((await agent.get('/admin/outbox?to=pete+percent')).text)).toHaveLength(3);
    expect(subjects((await agent.get('/admin/outbox?to=' + encodeURIComponent('_100%@'))).text)).toHaveLength(3);
    expect(subjects((await agent.get('/admin/outbox?to=' + encodeURIComponent('%'))).text)).toHaveLength(3);
    const both = await agent.get('/admin/outbox?to=olga&kind=summary&status=sent');
    expect(subjects(both.text)).toHaveLength(20); // i even and a multiple of 3, up to 120
    expect(both.text).not.toContain('No mails match');
    expect((await agent.get('/admin/outbox?to=nobody')).text).toContain('No mails match these filters.');
  });

  it.each([
    ['kind=newsletter', /“kind” is not valid/],
    ['status=lost', /“status” is not valid/],
    ['before=abc', /page link is not valid/],
    ['before=-1', /page link is not valid/],
    ['before=99999999999', /page link is not valid/],
    ['before=2147483648', /page link is not valid/],
    [`to=${'x'.repeat(201)}`, /too long/],
  ])('answers 400 with a message for %s', async (query, message) => {
    const { agent } = await setup();
    const res = await agent.get(`/admin/outbox?${query}`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
  });
});
