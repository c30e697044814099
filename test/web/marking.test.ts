import request from 'supertest';
import { login, postForm, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { createCommitment, createMeeting, createNegotiation, createNote } from '../support/commitments.factories';
import { highestClassification } from '../../src/web/marking';

const t = useApp({ appUrl: 'https://demarche.mfa.example', exportMaxClassification: 'unclassified' });

/** The markings of a page: the banner at its top and the one at its bottom. */
const markings = (html: string) =>
  [...html.matchAll(/class="classification-marking[^"]*"[^>]*>([A-Z]+)</g)].map((m) => m[1]);

async function setting() {
  const ru = await createMinistry(t.db, { countryCode: 'RU', name: 'Federal Migration Service' });
  const no = await createMinistry(t.db, { countryCode: 'NO' });
  const negotiation = await createNegotiation(t.db, { title: 'Storskog' });
  const open = await createMeeting(t.db, { title: 'Open talks', negotiationId: negotiation });
  const secret = await createMeeting(t.db, {
    title: 'Secret talks in Moscow',
    classification: 'confidential',
    negotiationId: negotiation,
  });
  await t.db.query(`UPDATE meetings SET location = 'Moscow, Smolenskaya' WHERE id = $1`, [secret]);
  await createCommitment(t.db, {
    text: 'Consider the 700 case by case',
    partyId: ru,
    counterpartId: no,
    dueOn: '2099-04-30',
    classification: 'confidential',
    meetingId: secret,
  });
  await t.db.query(`UPDATE commitments SET negotiation_id = $1`, [negotiation]);
  const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
  const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
  return {
    ru,
    no,
    negotiation,
    open,
    secret,
    manager: await login(t.app, manager.email, PASSWORD),
    staff: await login(t.app, staff.email, PASSWORD),
  };
}

describe('classification markings', () => {
  it('marks every page type that shows a confidential record CONFIDENTIAL at top and bottom, and what a restricted reader sees not at all', async () => {
    const s = await setting();
    const pages = [
      '/',
      '/commitments',
      '/meetings',
      `/meetings/${s.secret}`,
      `/ministries/${s.ru}/brief`,
      '/search?q=Consider',
      `/negotiations/${s.negotiation}`,
    ];
    for (const path of pages) {
      const res = await s.manager.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, markings(res.text)]).toEqual([path, ['CONFIDENTIAL', 'CONFIDENTIAL']]);
      const seen = await s.staff.get(path);
      if (path.startsWith('/meetings/')) expect(seen.status).toBe(404);
      expect([path, markings(seen.text)]).toEqual([path, []]);
    }
    expect(markings((await s.manager.get(`/meetings/${s.open}`)).text)).toEqual([]);
  });

  it('marks a page by the highest level it shows: a restricted note makes the notes list RESTRICTED', async () => {
    const s = await setting();
    await createNote(t.db, { reference: 'NV-R', classification: 'restricted' });
    expect(markings((await s.staff.get('/notes')).text)).toEqual(['RESTRICTED', 'RESTRICTED']);
    const marked = await s.staff.get('/notes');
    expect(marked.text.indexOf('classification-marking')).toBeLessThan(marked.text.indexOf('<main'));
    expect(marked.text.lastIndexOf('classification-marking')).toBeGreaterThan(marked.text.indexOf('</main>'));
  });

  it('prints the marking: the print stylesheet keeps the banner', async () => {
    const css = await request(t.app).get('/assets/css/print.css');
    expect(css.text).toMatch(/\.classification-marking\s*\{[^}]*display:\s*block/);
  });

  it('computes the highest level from what a page is given, however nested', () => {
    expect(
      highestClassification({
        rows: [{ classification: 'unclassified' }],
        brief: { theyOwe: [{ outcomes: [{ classification: 'restricted' }] }] },
      }),
    ).toBe('restricted');
    expect(
      highestClassification({
        currentUser: { classification: 'confidential' },
        classifications: [{ classification: 'confidential' }],
      }),
    ).toBe('unclassified');
  });
});

describe('calendar feed above EXPORT_MAX_CLASSIFICATION', () => {
  it('carries a confidential meeting and commitment only as placeholders with a link, never their words', async () => {
    const s = await setting();
    const shown = await postForm(s.manager, '/calendar/feed', {}, '/calendar');
    const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(shown.text)![1];
    const feed = await request(t.app).get(new URL(url).pathname);
    expect(feed.status).toBe(200);
    const ics = feed.text.replace(/\r\n /g, '');
    expect(ics).toContain('SUMMARY:Meeting: Open talks');
    expect(ics).toContain('SUMMARY:Restricted meeting — open Démarche');
    expect(ics).toContain(`URL:https://demarche.mfa.example/meetings/${s.secret}`);
    expect(ics).toContain('SUMMARY:Restricted commitment due — open Démarche');
    for (const words of ['Secret talks', 'Smolenskaya', 'Consider the 700']) expect(ics).not.toContain(words);
  });
});
