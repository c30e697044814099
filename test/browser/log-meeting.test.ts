import { brendeLavrovMeeting, collectPageErrors, demoIds, fillMeetingForm, newLoggedInPage, saveMeeting, useBrowserApp, visit } from '../support/browser';

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
      expect(await participants.getByRole('link').allTextContents()).toEqual(['Børge Brende', 'Ministry of Foreign Affairs', 'Sergey Lavrov', 'Ministry of Foreign Affairs of the Russian Federation']);
      const commitments = page.getByRole('region', { name: 'Commitments made at it' });
      expect(await commitments.locator('a.quote').allTextContents()).toEqual(input.commitments.map((c) => `“${c.text}”`));

      const lavrovWords = input.commitments[1].text;
      await Promise.all([page.waitForURL(/\/commitments\/\d+$/), commitments.getByRole('link', { name: lavrovWords }).click()]);
      const commitmentId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByLabel(/^Status/).selectOption('in_progress');
      await page.getByLabel(/^Note: what happened/).fill('The Russian embassy confirmed that Moscow is studying the list.');
      await Promise.all([page.waitForURL(/\/commitments\/\d+/), page.getByRole('button', { name: 'Record follow-up' }).click()]);
      expect(await page.getByRole('region', { name: 'Follow-ups' }).textContent()).toContain('Moscow is studying the list');

      const [meeting] = await app.db.query(`SELECT title, held_on::text, location FROM meetings WHERE id = $1`, [meetingId]);
      expect(meeting).toEqual({ title: input.title, held_on: input.heldOn, location: input.location });
      expect(await app.db.query(`SELECT official_id FROM meeting_participants WHERE meeting_id = $1 ORDER BY official_id`, [meetingId])).toEqual(
        [ids.brende, ids.lavrov].sort((a, b) => a - b).map((id) => ({ official_id: id })),
      );
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
        { commitment_id: commitmentId, previous_status: 'open', status: 'in_progress', note: 'The Russian embassy confirmed that Moscow is studying the list.', author: 'staff@demo.test' },
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
