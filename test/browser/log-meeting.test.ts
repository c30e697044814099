import {
  brendeLavrovMeeting,
  choose,
  collectPageErrors,
  demoIds,
  fillMeetingForm,
  newLoggedInPage,
  saveMeeting,
  useBrowserApp,
  visit,
} from '../support/browser';

const app = useBrowserApp();

describe('a desk officer logging a meeting in the browser', () => {
  it('saves the meeting, both participants and two inline commitments, then a follow-up on one of them', async () => {
    const ids = await demoIds(app.db);
    const input = brendeLavrovMeeting(ids);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      await visit(page, app, '/meetings/new');
      await fillMeetingForm(page, input);
      const meetingId = await saveMeeting(page);

      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(input.title);
      expect(await page.getByRole('status').textContent()).toContain('Meeting saved with 2 commitment(s).');
      const participants = page.getByRole('region', { name: 'Participants' });
      expect(await participants.getByRole('link').allTextContents()).toEqual([
        'Børge Brende',
        'Ministry of Foreign Affairs',
        'Sergey Lavrov',
        'Ministry of Foreign Affairs of the Russian Federation',
      ]);
      const commitments = page.getByRole('region', { name: 'Commitments made at it' });
      expect(await commitments.locator('a.quote').allTextContents()).toEqual(
        input.commitments.map((c) => `“${c.text}”`),
      );

      const lavrovWords = input.commitments[1].text;
      await Promise.all([
        page.waitForURL(/\/commitments\/\d+$/),
        commitments.getByRole('link', { name: lavrovWords }).click(),
      ]);
      const commitmentId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByLabel(/^Status/).selectOption('in_progress');
      await page
        .getByLabel(/^Note: what happened/)
        .fill('The Russian embassy confirmed that Moscow is studying the list.');
      await Promise.all([
        page.waitForURL(/\/commitments\/\d+/),
        page.getByRole('button', { name: 'Record follow-up' }).click(),
      ]);
      expect(await page.getByRole('region', { name: 'Follow-ups' }).textContent()).toContain(
        'Moscow is studying the list',
      );

      const [meeting] = await app.db.query(`SELECT title, held_on::text, location FROM meetings WHERE id = $1`, [
        meetingId,
      ]);
      expect(meeting).toEqual({ title: input.title, held_on: input.heldOn, location: input.location });
      expect(
        await app.db.query(`SELECT official_id FROM meeting_participants WHERE meeting_id = $1 ORDER BY official_id`, [
          meetingId,
        ]),
      ).toEqual([ids.brende, ids.lavrov].sort((a, b) => a - b).map((id) => ({ official_id: id })));
      const saved = await app.db.query(
        `SELECT c.text, c.made_by_id, c.party_id, c.counterpart_id, c.due_on::text, c.strength, c.status, u.email AS owner
           FROM commitments c LEFT JOIN users u ON u.id = c.owner_id WHERE c.meeting_id = $1 ORDER BY c.id`,
        [meetingId],
      );
      expect(saved).toEqual(
        input.commitments.map((c, i) => ({
          text: c.text,
          made_by_id: c.madeById,
          party_id: c.partyId,
          counterpart_id: c.counterpartId,
          due_on: c.dueOn,
          strength: c.strength,
          status: i === 1 ? 'in_progress' : 'open',
          owner: 'staff@demo.test',
        })),
      );
      const followUps = await app.db.query(
        `SELECT f.commitment_id, f.previous_status, f.status, f.note, u.email AS author
           FROM follow_ups f JOIN commitments c ON c.id = f.commitment_id JOIN users u ON u.id = f.author_id WHERE c.meeting_id = $1`,
        [meetingId],
      );
      expect(followUps).toEqual([
        {
          commitment_id: commitmentId,
          previous_status: 'open',
          status: 'in_progress',
          note: 'The Russian embassy confirmed that Moscow is studying the list.',
          author: 'staff@demo.test',
        },
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('logging the Oulu meeting with Lavrov’s commitment, counted', () => {
  it('takes 4 clicks, 9 fields and 3 keys: the type-aheads, the proposed sides and one pass', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    const actions = { clicks: 0, fields: 0, keys: 0 };
    const add = (a: { clicks: number; fields: number; keys: number }) => {
      actions.clicks += a.clicks;
      actions.fields += a.fields;
      actions.keys += a.keys;
    };
    try {
      await visit(page, app, '/meetings');
      await Promise.all([page.waitForURL(/\/meetings\/new$/), page.getByRole('link', { name: 'New meeting' }).click()]);
      add({ clicks: 1, fields: 0, keys: 0 });
      await page.getByLabel(/^Title\b/).fill('Brende–Lavrov meeting in Oulu');
      await page.getByLabel(/^Held on/).fill('2015-10-14');
      await page.getByLabel(/^Location/).fill('Oulu, Finland');
      add({ clicks: 0, fields: 3, keys: 0 });
      add(await choose(page, 'participantIds', ids.brende, 'Brende'));
      // The participants' type-ahead keeps the focus: the second name is typed straight after.
      await page.keyboard.type('Lavrov');
      await page.locator('#participantIds-ts-dropdown .option.active', { hasText: 'Lavrov' }).waitFor();
      await page.keyboard.press('Enter');
      add({ clicks: 0, fields: 1, keys: 1 });
      const row = page.getByRole('group', { name: 'Commitment 1', exact: true });
      await row.getByLabel('The words').fill('Mr. Lavrov said he would look into the matter.');
      add({ clicks: 0, fields: 1, keys: 0 });
      add(await choose(page, 'c0-madeById', ids.lavrov, 'Lavrov'));
      // Party and counterpart are proposed from Lavrov's post on 14 October 2015 and Brende's side.
      await page.waitForFunction(() => (document.getElementById('c0-counterpartId') as HTMLSelectElement).value !== '');
      expect(await page.locator('#c0-partyId').inputValue()).toBe(String(ids.ruMfa));
      expect(await page.locator('#c0-counterpartId').inputValue()).toBe(String(ids.noMfa));
      await row.getByLabel('Strength').selectOption('will_consider');
      await row.getByLabel('Due on').fill('2015-11-13');
      add({ clicks: 0, fields: 2, keys: 0 });
      await Promise.all([
        page.waitForURL(/\/meetings\/\d+$/),
        page.getByRole('button', { name: 'Save meeting' }).click(),
      ]);
      add({ clicks: 1, fields: 0, keys: 0 });

      const total = actions.clicks + actions.fields + actions.keys;
      console.info(
        `Oulu meeting logged in ${total} actions: ${actions.clicks} clicks, ${actions.fields} fields, ${actions.keys} keys (before: 21 clicks and 12 fields)`,
      );
      expect(actions).toEqual({ clicks: 4, fields: 9, keys: 3 });
      // The demo record already holds this meeting: saved anyway, with a warning linking it.
      expect(await page.getByRole('status').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('Another meeting with this title on 2015-10-14')]),
      );
      const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
      const saved = await app.db.query(
        `SELECT text, made_by_id, party_id, counterpart_id, strength, made_on::text, due_on::text FROM commitments WHERE meeting_id = $1`,
        [meetingId],
      );
      expect(saved).toEqual([
        {
          text: 'Mr. Lavrov said he would look into the matter.',
          made_by_id: ids.lavrov,
          party_id: ids.ruMfa,
          counterpart_id: ids.noMfa,
          strength: 'will_consider',
          made_on: '2015-10-14',
          due_on: '2015-11-13',
        },
      ]);
      expect(
        await app.db.query(`SELECT official_id FROM meeting_participants WHERE meeting_id = $1 ORDER BY official_id`, [
          meetingId,
        ]),
      ).toEqual([ids.brende, ids.lavrov].sort((a, b) => a - b).map((id) => ({ official_id: id })));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
