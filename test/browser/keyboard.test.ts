import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/db/demo-data';
import {
  collectPageErrors,
  demoIds,
  focusedField as focused,
  mainPages,
  newContext,
  newLoggedInPage,
  proposalLanded,
  tabTo,
  unlabelledFields,
  useBrowserApp,
  visit,
  type UnlabelledField,
} from '../support/browser';

const app = useBrowserApp();

/** Moves through the focused select's options with ArrowDown until `value` is chosen. */
async function arrowTo(page: Page, value: string | number, most = 20): Promise<void> {
  const current = () => page.evaluate(() => (document.activeElement as HTMLSelectElement).value);
  for (let i = 0; i < most && (await current()) !== String(value); i++) await page.keyboard.press('ArrowDown');
  expect(await current()).toBe(String(value));
}

async function logInByKeyboard(page: Page, email: string): Promise<void> {
  await visit(page, app, '/login');
  expect(await focused(page)).toBe('email'); // autofocus
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${app.baseUrl}/`), page.keyboard.press('Enter')]);
}

describe('the meeting form without a mouse', () => {
  it('is filled and submitted with Tab, typing, arrow keys and Space, and the meeting is saved', async () => {
    const ids = await demoIds(app.db);
    const [{ id: negotiationId }] = await app.db.query(
      `SELECT id FROM negotiations WHERE title = 'Storskog crossings and readmission'`,
    );
    const context = await newContext(app);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    let clicks = 0;
    await page.exposeFunction('countClick', () => clicks++);
    await page.addInitScript(() =>
      document.addEventListener('mousedown', () => (window as unknown as { countClick(): void }).countClick(), true),
    );
    try {
      await logInByKeyboard(page, 'staff@demo.test');
      await visit(page, app, '/meetings/new');

      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await tabTo(page, 'title', 1);
      await page.keyboard.type('Keyboard-only meeting at Storskog');
      await tabTo(page, 'heldOn', 1);
      await page.keyboard.type('02292016'); // en-US order: month, day, year
      await tabTo(page, 'location');
      await page.keyboard.type('Storskog border station');
      await tabTo(page, 'negotiationId', 2);
      await arrowTo(page, negotiationId);
      await tabTo(page, 'classification', 1);
      await arrowTo(page, 'restricted');
      // The participants' type-ahead: type a name, Enter; the next name, Enter.
      await tabTo(page, 'participantIds-ts-control', 1);
      for (const name of ['Brende', 'Lavrov']) {
        await page.keyboard.type(name);
        await page.locator('#participantIds-ts-dropdown .option.active', { hasText: name }).waitFor();
        await page.keyboard.press('Enter');
      }
      await page.keyboard.press('Escape');
      const chosen = await page
        .locator('#participantIds')
        .evaluate((el) => Array.from((el as HTMLSelectElement).selectedOptions, (o) => o.value));
      expect(chosen.sort()).toEqual([String(ids.brende), String(ids.lavrov)].sort());
      await tabTo(page, 'summary', 2);
      await page.keyboard.type('Walked through the crossing.');

      const rows = [
        {
          text: 'Norway will share the crossing statistics weekly.',
          maker: 'Brende',
          madeById: ids.brende,
          partyId: ids.noMfa,
          counterpartId: ids.ruMfa,
          due: '03312016',
          strength: 'pledge',
        },
        {
          text: 'Russia will look at the bicycle crossings.',
          maker: 'Lavrov',
          madeById: ids.lavrov,
          partyId: ids.ruMfa,
          counterpartId: ids.noMfa,
          due: '04152016',
          strength: 'intent',
        },
      ];
      for (const [i, row] of rows.entries()) {
        await tabTo(page, `c${i}-text`, 1);
        await page.keyboard.type(row.text);
        // Choosing the maker proposes party and counterpart; they are checked, not typed. The user
        // does not wait for them: Tab goes on at once, wherever the answer finds the focus.
        await tabTo(page, `c${i}-madeById-ts-control`, 1);
        await page.keyboard.type(row.maker);
        await page.locator(`#c${i}-madeById-ts-dropdown .option.active`, { hasText: row.maker }).waitFor();
        await page.keyboard.press('Enter');
        await tabTo(page, `c${i}-dueOn`, 4);
        await page.keyboard.type(row.due);
        await tabTo(page, `c${i}-strength`);
        await arrowTo(page, row.strength);
        await proposalLanded(page);
        expect(await page.locator(`#c${i}-partyId`).inputValue()).toBe(String(row.partyId));
        expect(await page.locator(`#c${i}-counterpartId`).inputValue()).toBe(String(row.counterpartId));
        expect(await focused(page)).toBe(`c${i}-strength`);
      }
      await tabTo(page, 'Save meeting', 20);
      await Promise.all([page.waitForURL(/\/meetings\/\d+$/), page.keyboard.press('Space')]);
      expect(clicks).toBe(0);

      const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
      const [meeting] = await app.db.query(
        `SELECT title, held_on::text, location, negotiation_id, classification, summary FROM meetings WHERE id = $1`,
        [meetingId],
      );
      expect(meeting).toEqual({
        title: 'Keyboard-only meeting at Storskog',
        held_on: '2016-02-29',
        location: 'Storskog border station',
        negotiation_id: negotiationId,
        classification: 'restricted',
        summary: 'Walked through the crossing.',
      });
      const participants = await app.db.query(
        `SELECT official_id FROM meeting_participants WHERE meeting_id = $1 ORDER BY official_id`,
        [meetingId],
      );
      expect(participants.map((p: { official_id: number }) => p.official_id)).toEqual(
        [ids.brende, ids.lavrov].sort((a, b) => a - b),
      );
      const commitments = await app.db.query(
        `SELECT text, made_by_id, party_id, counterpart_id, to_char(due_on, 'MMDDYYYY') AS due, strength, classification FROM commitments WHERE meeting_id = $1 ORDER BY id`,
        [meetingId],
      );
      expect(commitments).toEqual(
        rows.map((r) => ({
          text: r.text,
          made_by_id: r.madeById,
          party_id: r.partyId,
          counterpart_id: r.counterpartId,
          due: r.due,
          strength: r.strength,
          classification: 'restricted',
        })),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('does not submit a half-filled form when Enter is pressed in a text field: the focus moves on', async () => {
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    try {
      await visit(page, app, '/meetings/new');
      await page.getByLabel(/^Title/).focus();
      await page.keyboard.type('Not yet finished');
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('heldOn');
      await page.keyboard.type('01262016');
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('location');
      await page.keyboard.press('Enter');
      expect(new URL(page.url()).pathname).toBe('/meetings/new');
      expect(await app.db.query(`SELECT id FROM meetings WHERE title = 'Not yet finished'`)).toEqual([]);
      expect(await page.getByLabel(/^Title/).inputValue()).toBe('Not yet finished');
    } finally {
      await context.close();
    }
  });
});

describe('labels', () => {
  it('every input, select and textarea on the main pages and forms has a label', async () => {
    const pages = await mainPages(app.db);
    const [{ id: meetingId }] = await app.db.query(`SELECT id FROM meetings ORDER BY id LIMIT 1`);
    const [{ id: commitmentId }] = await app.db.query(
      `SELECT id FROM commitments WHERE classification = 'unclassified' ORDER BY id LIMIT 1`,
    );
    const forms = [
      '/notes/new',
      '/commitments/new',
      '/agreements/new',
      '/negotiations/new',
      '/officials/new',
      '/ministries/new',
      `/meetings/${meetingId}/edit`,
      `/commitments/${commitmentId}/edit`,
      '/meetings',
      '/notes',
      '/agreements',
      '/search',
    ];
    const visitor = await newContext(app);
    const manager = await newLoggedInPage(app, 'manager@demo.test');
    const problems: Record<string, UnlabelledField[]> = {};
    let checked = 0;
    try {
      const anonymous = await visitor.newPage();
      for (const { path, public: open } of [
        ...pages.map((p) => ({ path: p.path, public: p.public })),
        ...forms.map((path) => ({ path, public: false })),
      ]) {
        const page = open ? anonymous : manager.page;
        await visit(page, app, path);
        const result = await unlabelledFields(page);
        checked += result.checked;
        if (result.unlabelled.length) problems[path] = result.unlabelled;
      }
    } finally {
      await visitor.close();
      await manager.context.close();
    }
    expect(problems).toEqual({});
    expect(checked).toBeGreaterThan(100);
    console.info(`labels: ${checked} fields on ${pages.length + forms.length} pages, all labelled`);
  });
});
