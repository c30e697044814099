import request from 'supertest';
import { createDataSource } from '../../src/db/data-source';
import { sendDue } from '../../src/mail/outbox.service';
import { mailTransport } from '../../src/mail/transport';
import { writeDigests, writeSummaries } from '../../src/reminders/reminders.service';
import { login, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { createCommitment } from '../support/commitments.factories';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { submissionToken } from '../support/form-html';

// Mail goes through a real SMTP server (smtp-server) listening on loopback.

const DAY = '2026-11-25'; // a Wednesday
const t = useApp({ appUrl: 'http://demarche.test', exportMaxClassification: 'unclassified' });

interface Received {
  to: string;
  raw: string;
}
let received: Received[] = [];
/** How many messages the server answers 451 before accepting again. */
let refuse = 0;
let smtp: TestSmtp;
let smtpUrl: string;

beforeAll(async () => {
  smtp = await startSmtp((mail) => {
    if (refuse > 0) {
      refuse--;
      throw Object.assign(new Error('Try again later'), { responseCode: 451 });
    }
    received.push({ to: mail.to, raw: mail.raw });
  });
  smtpUrl = smtp.url;
});
afterAll(() => smtp.close());
beforeEach(() => {
  received = [];
  refuse = 0;
});

const mailConfig = () => ({ ...t.config, smtpUrl });

async function world() {
  const owner = await createUser(t.db, {
    email: 'owner@example.test',
    name: 'Olga Owner',
    role: 'staff',
    clearance: 'confidential',
  });
  const restricted = await createUser(t.db, {
    email: 'rita@example.test',
    name: 'Rita Restricted',
    role: 'staff',
    clearance: 'restricted',
  });
  const manager = await createUser(t.db, {
    email: 'boss@example.test',
    name: 'Mona Manager',
    role: 'manager',
    clearance: 'confidential',
  });
  const ru = await createMinistry(t.db, { name: 'Federal Migration Service', countryCode: 'RU' });
  const no = await createMinistry(t.db, { name: 'Justice Ministry', countryCode: 'NO' });
  const base = { partyId: ru, counterpartId: no, madeOn: '2026-01-10' };
  await createCommitment(t.db, {
    ...base,
    text: 'Look into the bicycle crossings',
    dueOn: '2026-11-01',
    ownerId: owner.id,
  });
  await createCommitment(t.db, {
    ...base,
    text: 'RESTRICTED-WORDS bus returns',
    dueOn: '2026-11-02',
    ownerId: owner.id,
    classification: 'restricted',
  });
  await createCommitment(t.db, {
    ...base,
    text: 'CONFIDENTIAL-WORDS the 700',
    dueOn: '2026-11-28',
    ownerId: owner.id,
    classification: 'confidential',
  });
  await createCommitment(t.db, { ...base, text: 'Rita may quote this', dueOn: '2026-11-20', ownerId: restricted.id });
  await createCommitment(t.db, {
    ...base,
    text: 'RITA-RESTRICTED text',
    dueOn: '2026-11-21',
    ownerId: restricted.id,
    classification: 'restricted',
  });
  await createCommitment(t.db, {
    ...base,
    text: 'RITA-CANNOT-SEE confidential',
    dueOn: '2026-11-21',
    ownerId: restricted.id,
    classification: 'confidential',
  });
  return { owner, restricted, manager };
}

const outbox = async () =>
  t.db.query(`SELECT recipient_id AS "recipientId", kind, period, status, attempts FROM outbox ORDER BY id`);

describe('the owners’ summaries and the managers’ digest', () => {
  it('are delivered once each over SMTP; a second run the same day writes and sends nothing', async () => {
    const { owner, restricted, manager } = await world();
    const transport = mailTransport({ smtpUrl })!;
    expect(await writeSummaries(t.db, mailConfig(), DAY)).toBe(2);
    expect(await writeDigests(t.db, mailConfig(), DAY)).toBe(1);
    const result = await sendDue(t.db, mailConfig(), transport);
    expect(result).toEqual({ sent: 3, retried: 0, failed: 0, cancelled: 0 });
    expect(received.map((r) => r.to).sort()).toEqual(['boss@example.test', 'owner@example.test', 'rita@example.test']);

    expect(await writeSummaries(t.db, mailConfig(), DAY)).toBe(0);
    expect(await writeDigests(t.db, mailConfig(), DAY)).toBe(0);
    expect((await sendDue(t.db, mailConfig(), transport)).sent).toBe(0);
    expect(received).toHaveLength(3);
    expect((await outbox()).map((r: { status: string }) => r.status)).toEqual(['sent', 'sent', 'sent']);

    const ownerMail = received.find((r) => r.to === 'owner@example.test')!.raw;
    expect(ownerMail).toContain('Look into the bicycle crossings');
    expect(ownerMail).not.toContain('RESTRICTED-WORDS');
    expect(ownerMail).not.toContain('CONFIDENTIAL-WORDS');
    expect(ownerMail).toContain('and 1 restricted item not shown in mail');
    expect(ownerMail).toMatch(/^Subject: Your commitments on 2026-11-25: /m);
    expect(ownerMail).toMatch(/^List-Unsubscribe:\s+<http:\/\/demarche\.test\/mail\/unsubscribe\//m);
    expect(ownerMail).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(ownerMail).toMatch(/^Message-ID: <[0-9a-f]{32}\.summary@demarche\.test>/im);
    expect(ownerMail).toContain('Content-Type: text/plain');
    expect(ownerMail).toContain('Content-Type: text/html');

    // A restricted recipient: their own restricted item is counted, a confidential one is not even mentioned.
    const ritaMail = received.find((r) => r.to === 'rita@example.test')!.raw;
    expect(ritaMail).toContain('Rita may quote this');
    expect(ritaMail).not.toContain('RITA-RESTRICTED');
    expect(ritaMail).not.toMatch(/RITA-CANNOT-SEE|confidential item/);

    const digest = received.find((r) => r.to === 'boss@example.test')!.raw;
    expect(digest).toContain('Overdue, by owner');
    expect(digest).toContain('Olga Owner');
    expect(digest).not.toMatch(/RESTRICTED-WORDS|CONFIDENTIAL-WORDS|RITA-/);
    expect(digest).toMatch(/^Subject: Weekly digest for the week of/m);
    expect(owner.id && restricted.id && manager.id).toBeTruthy();
  });

  it('refused with 451, are retried and arrive once each', async () => {
    await world();
    const transport = mailTransport({ smtpUrl })!;
    await writeSummaries(t.db, mailConfig(), DAY);
    refuse = 2;
    const first = await sendDue(t.db, mailConfig(), transport);
    expect(first).toMatchObject({ sent: 0, retried: 2 });
    const waiting = await t.db.query(
      `SELECT status, attempts, last_error AS "lastError", next_attempt_at > now() AS later FROM outbox`,
    );
    expect(
      waiting.every(
        (r: { status: string; later: boolean; lastError: string }) =>
          r.status === 'pending' && r.later && /451/.test(r.lastError),
      ),
    ).toBe(true);
    // Not before the backoff has passed…
    expect((await sendDue(t.db, mailConfig(), transport)).sent).toBe(0);
    await t.db.query(`UPDATE outbox SET next_attempt_at = now()`);
    expect((await sendDue(t.db, mailConfig(), transport)).sent).toBe(2);
    expect(received.map((r) => r.to).sort()).toEqual(['owner@example.test', 'rita@example.test']);
    expect((await outbox()).map((r: { attempts: number }) => r.attempts)).toEqual([2, 2]);
  });

  it('run by two job runners at once on the same database: one mail per person', async () => {
    await world();
    const other = createDataSource(t.config.databaseUrl!, { max: 4 });
    await other.initialize();
    try {
      const [a, b] = await Promise.all([
        writeSummaries(t.db, mailConfig(), DAY),
        writeSummaries(other, mailConfig(), DAY),
      ]);
      expect(a + b).toBe(2);
      const [x, y] = await Promise.all([
        sendDue(t.db, mailConfig(), mailTransport({ smtpUrl })!, undefined, { batch: 1 }),
        sendDue(other, mailConfig(), mailTransport({ smtpUrl })!, undefined, { batch: 1 }),
      ]);
      expect(x.sent + y.sent).toBe(2);
    } finally {
      await other.destroy();
    }
    expect(received.map((r) => r.to).sort()).toEqual(['owner@example.test', 'rita@example.test']);
    expect(await outbox()).toHaveLength(2);
  });

  it('is composed again at sending with the recipient’s clearance then', async () => {
    const { owner } = await world();
    await writeSummaries(t.db, mailConfig(), DAY);
    await t.db.query(`UPDATE users SET clearance = 'unclassified' WHERE id = $1`, [owner.id]);
    await sendDue(t.db, mailConfig(), mailTransport({ smtpUrl })!);
    const mail = received.find((r) => r.to === 'owner@example.test')!.raw;
    expect(mail).not.toContain('restricted item');
    expect(mail).toContain('Look into the bicycle crossings');
  });

  it('stays in the outbox without SMTP, where an admin reads it (HTML in a sandboxed frame)', async () => {
    await world();
    await writeSummaries(t.db, mailConfig(), DAY);
    const admin = await createUser(t.db, { role: 'admin', clearance: 'confidential' });
    const agent = await login(t.app, admin.email, PASSWORD);
    const list = await agent.get('/admin/outbox');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Your commitments on 2026-11-25');
    const [{ id }] = await t.db.query(`SELECT id FROM outbox WHERE to_address = 'owner@example.test'`);
    const show = await agent.get(`/admin/outbox/${id}`);
    expect(show.text).toContain('Look into the bicycle crossings');
    expect(show.text).toMatch(/<iframe[^>]+sandbox[^>]+src="\/admin\/outbox\/\d+\/html"/);
    const html = await agent.get(`/admin/outbox/${id}/html`);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    const staff = await login(t.app, 'owner@example.test', PASSWORD);
    expect((await staff.get('/admin/outbox')).status).toBe(403);
  });

  it('carries a signed one-click link that turns that kind of mail off, and nothing else', async () => {
    const { owner } = await world();
    await writeSummaries(t.db, mailConfig(), DAY);
    const [{ text }] = await t.db.query(`SELECT text_body AS text FROM outbox WHERE recipient_id = $1`, [owner.id]);
    const link = /http:\/\/demarche\.test(\/mail\/unsubscribe\/\S+)/.exec(text)![1];
    expect((await request(t.app).get(link)).status).toBe(200);
    expect((await t.db.query(`SELECT summaries FROM users WHERE id = $1`, [owner.id]))[0].summaries).toBe('daily');
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await request(t.app).post(forged).type('form').send('List-Unsubscribe=One-Click')).status).toBe(404);
    const res = await request(t.app).post(link).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect((await t.db.query(`SELECT summaries, notices FROM users WHERE id = $1`, [owner.id]))[0]).toEqual({
      summaries: 'never',
      notices: true,
    });
    await t.db.query(`DELETE FROM outbox`);
    expect(await writeSummaries(t.db, mailConfig(), '2026-11-26')).toBe(1); // Rita's only
  });
});

describe('the notice to a new owner', () => {
  it('is written when a manager assigns a commitment to someone else, on create and on edit', async () => {
    const { owner, manager } = await world();
    const agent = await login(t.app, 'boss@example.test', PASSWORD);
    const [{ ru, no }] = await t.db.query(
      `SELECT (SELECT id FROM ministries WHERE country_code = 'RU') AS ru, (SELECT id FROM ministries WHERE country_code = 'NO') AS no`,
    );
    const fields = {
      text: 'Consider the return of 700',
      partyId: ru,
      counterpartId: no,
      strength: 'pledge',
      madeOn: '2026-11-01',
      sourceUrl: 'https://example.test/s',
      ownerId: owner.id,
      classification: 'unclassified',
    };
    const form = await agent.get('/commitments/new');
    const submission = submissionToken(form.text);
    const res = await postForm(agent, '/commitments', { ...fields, _submission: submission }, '/commitments/new');
    expect(res.status).toBe(303);
    const rows = await t.db.query(`SELECT recipient_id AS "recipientId", kind, subject, text_body AS text FROM outbox`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipientId: owner.id,
      kind: 'assignment',
      subject: 'A commitment was assigned to you',
    });
    expect(rows[0].text).toContain('Mona Manager made you the owner');
    // Taking it on oneself sends nothing.
    const id = Number(res.headers.location.split('/').pop());
    const edit = await agent.get(`/commitments/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    await postForm(agent, `/commitments/${id}`, { ...fields, ownerId: manager.id, version }, `/commitments/${id}/edit`);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 1 }]);
  });
});
