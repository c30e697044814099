import type { Page, Route } from 'playwright-core';
import {
  collectPageErrors,
  demoIds,
  focusedField,
  newLoggedInPage,
  saveMeeting,
  tabTo,
  useBrowserApp,
  visit,
} from '../support/browser';

// A maker's proposed party and counterpart come back by a request of their own (/meetings/sides).
// Here that answer is held back until the user has moved on, to prove that when it lands it never
// moves the focus, never opens a dropdown, never overwrites what the user chose, and that an answer
// for a maker no longer chosen is ignored.

const app = useBrowserApp();
// Set SHOTS=/some/dir to keep a screenshot of the row filled by the late answer.
const SHOTS = process.env.SHOTS;

/** Holds every /meetings/sides request until the test lets it through. */
async function holdSides(page: Page): Promise<{ next(): Promise<Route> }> {
  const held: Route[] = [];
  await page.route(
    (url) => url.pathname === '/meetings/sides',
    (route) => {
      held.push(route);
    },
  );
  let taken = 0;
  return {
    /** The next request the form sent, waiting (bounded) for it to be sent. */
    async next() {
      const deadline = Date.now() + 10_000;
      while (held.length <= taken) {
        if (Date.now() > deadline) throw new Error('The form did not ask /meetings/sides');
        await page.waitForTimeout(20);
      }
      return held[taken++];
    },
  };
}

/** Answers awaited by the form's rows. */
const awaited = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('#meeting-form [data-proposing]'), (row) =>
      Number(row.getAttribute('data-proposing')),
    ).reduce((a, b) => a + b, 0),
  );

/** Lets a held request through and waits until the form has dealt with its answer. */
async function release(page: Page, route: Route): Promise<void> {
  const before = await awaited(page);
  expect(before).toBeGreaterThan(0);
  await route.continue();
  await page.waitForFunction(
    (count) =>
      Array.from(document.querySelectorAll('#meeting-form [data-proposing]'), (row) =>
        Number(row.getAttribute('data-proposing')),
      ).reduce((a, b) => a + b, 0) < count,
    before,
  );
}

const value = (page: Page, id: string) => page.locator(`#${id}`).inputValue();
/** Open dropdowns other than that of the field the user is in (Tom Select opens it on focus). */
const openDropdowns = (page: Page) =>
  page.evaluate(
    () =>
      Array.from(document.querySelectorAll<HTMLElement>('.ts-dropdown')).filter(
        (d) => d.offsetParent !== null && !d.closest('.ts-wrapper')?.contains(document.activeElement),
      ).length,
  );

/** Title, date and the two participants, then the first row's words: ready to choose its maker. */
async function startMeeting(page: Page, ids: Awaited<ReturnType<typeof demoIds>>, title: string): Promise<void> {
  await visit(page, app, '/meetings/new');
  await page.getByLabel(/^Title\b/).fill(title);
  await page.getByLabel(/^Held on/).fill('2016-03-10');
  await page.getByLabel(/^Location/).fill('Kirkenes');
  await page
    .locator('#participantIds')
    .evaluate(
      (el, chosen) =>
        (el as HTMLSelectElement & { tomselect: { setValue(v: string[], silent: boolean): void } }).tomselect.setValue(
          chosen,
          true,
        ),
      [String(ids.brende), String(ids.lavrov)],
    );
  await page.locator('#c0-text').fill('Norway will send the list of the 5,500 asylum seekers by Friday');
}

/** Types the maker's name in the row's type-ahead and presses Enter, as the keyboard user does. */
async function typeMaker(page: Page, row: number, name: string): Promise<void> {
  await page.locator(`#c${row}-madeById-ts-control`).focus();
  await page.keyboard.type(name);
  await page.locator(`#c${row}-madeById-ts-dropdown .option.active`, { hasText: name }).waitFor();
  await page.keyboard.press('Enter');
}

describe('a type-ahead left quickly', () => {
  it('keeps the focus where Tab sent it: no refresh of the list typed in comes back later to take it', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      await startMeeting(page, ids, 'Fast typist');
      await page.locator('#c0-madeById-ts-control').focus();
      // Typed, chosen and left at once, as a fast typist does (Tom Select used to refresh its list
      // 300 ms after the last key, reopen it and take the focus back).
      await page.keyboard.type('Brende');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await value(page, 'c0-madeById')).toBe(String(ids.brende));
      expect(await focusedField(page)).toBe('c0-partyId-ts-control');
      await page.waitForTimeout(800);
      expect(await focusedField(page)).toBe('c0-partyId-ts-control');
      expect(await page.locator('#c0-madeById-ts-dropdown').isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the proposed party and counterpart arriving late', () => {
  it('fill the empty fields without moving the focus, opening a dropdown or touching what is typed elsewhere', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      const sides = await holdSides(page);
      await startMeeting(page, ids, 'Late sides, keyboard on');
      await typeMaker(page, 0, 'Brende');
      const answer = await sides.next();
      // Past the (still empty) party and counterpart, into the date, and half of it typed.
      await tabTo(page, 'c0-dueOn', 4);
      await page.keyboard.type('0318');
      await release(page, answer);
      expect(await value(page, 'c0-partyId')).toBe(String(ids.noMfa));
      expect(await value(page, 'c0-counterpartId')).toBe(String(ids.ruMfa));
      expect(await focusedField(page)).toBe('c0-dueOn');
      expect(await openDropdowns(page)).toBe(0);
      if (SHOTS)
        await page
          .getByRole('group', { name: 'Commitment 1', exact: true })
          .screenshot({ path: `${SHOTS}/late-sides-row.png` });
      // The rest of the date goes where it went before, and Tab leaves the date for the strength.
      await page.keyboard.type('2016');
      await tabTo(page, 'c0-strength');
      expect(await value(page, 'c0-dueOn')).toBe('2016-03-18');
      await page.keyboard.press('ArrowDown');
      expect(await value(page, 'c0-strength')).toBe('pledge');
      await page.keyboard.press('Tab');
      expect(await focusedField(page)).toBe('c1-text');
      expect(await openDropdowns(page)).toBe(0);

      const meetingId = await saveMeeting(page);
      expect(
        await app.db.query(
          `SELECT made_by_id, party_id, counterpart_id, due_on::text, strength FROM commitments WHERE meeting_id = $1`,
          [meetingId],
        ),
      ).toEqual([
        {
          made_by_id: ids.brende,
          party_id: ids.noMfa,
          counterpart_id: ids.ruMfa,
          due_on: '2016-03-18',
          strength: 'pledge',
        },
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('arriving while the user is in the empty party field: nothing moves under the cursor; filled only if still empty when the user leaves', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      const sides = await holdSides(page);
      await startMeeting(page, ids, 'Late sides, in the party field');
      await typeMaker(page, 0, 'Brende');
      const answer = await sides.next();
      await tabTo(page, 'c0-partyId-ts-control', 1);
      await release(page, answer);
      expect(await focusedField(page)).toBe('c0-partyId-ts-control');
      expect(await value(page, 'c0-partyId')).toBe('');
      expect(await value(page, 'c0-counterpartId')).toBe(String(ids.ruMfa));
      // The user types in the party field as if nothing had happened, and chooses another ministry.
      await page.keyboard.type('Justice');
      await page.locator('#c0-partyId-ts-dropdown .option.active', { hasText: 'Justice' }).waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await focusedField(page)).toBe('c0-counterpartId-ts-control');
      expect(await value(page, 'c0-partyId')).toBe(String(await ministryId('JD')));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('never overwrite a party or counterpart the user chose before the answer came', async () => {
    const ids = await demoIds(app.db);
    const justice = await ministryId('JD');
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      const sides = await holdSides(page);
      await startMeeting(page, ids, 'Late sides, party chosen first');
      await typeMaker(page, 0, 'Brende');
      const answer = await sides.next();
      await tabTo(page, 'c0-partyId-ts-control', 1);
      await page.keyboard.type('Justice');
      await page.locator('#c0-partyId-ts-dropdown .option.active', { hasText: 'Justice' }).waitFor();
      await page.keyboard.press('Enter');
      await tabTo(page, 'c0-counterpartId-ts-control', 1);
      await release(page, answer);
      // The party is the user's; the counterpart field has the focus, so it is not filled under the cursor.
      expect(await value(page, 'c0-partyId')).toBe(String(justice));
      expect(await value(page, 'c0-counterpartId')).toBe('');
      expect(await focusedField(page)).toBe('c0-counterpartId-ts-control');
      expect(await openDropdowns(page)).toBe(0);
      // Left empty: the proposal fills it as the user moves on; the focus goes where Tab sends it.
      await tabTo(page, 'c0-dueOn', 1);
      expect(await value(page, 'c0-counterpartId')).toBe(String(ids.ruMfa));
      expect(await value(page, 'c0-partyId')).toBe(String(justice));
      await page.keyboard.type('03182016');
      await tabTo(page, 'c0-strength');
      await page.keyboard.press('ArrowDown');

      const meetingId = await saveMeeting(page);
      expect(
        await app.db.query(
          `SELECT made_by_id, party_id, counterpart_id, due_on::text FROM commitments WHERE meeting_id = $1`,
          [meetingId],
        ),
      ).toEqual([{ made_by_id: ids.brende, party_id: justice, counterpart_id: ids.ruMfa, due_on: '2016-03-18' }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('ignore an answer for a maker no longer chosen, and replace only their own earlier proposal', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(page);
    try {
      const sides = await holdSides(page);
      await startMeeting(page, ids, 'Late sides, maker changed');
      await typeMaker(page, 0, 'Brende');
      const forBrende = await sides.next();
      await typeMaker(page, 0, 'Lavrov');
      const forLavrov = await sides.next();
      await page.locator('#c0-text').focus();
      // Lavrov's answer first, then Brende's stale one: Lavrov's sides stay.
      await release(page, forLavrov);
      await release(page, forBrende);
      expect(await value(page, 'c0-madeById')).toBe(String(ids.lavrov));
      expect(await value(page, 'c0-partyId')).toBe(String(ids.ruMfa));
      expect(await value(page, 'c0-counterpartId')).toBe(String(ids.noMfa));
      expect(await focusedField(page)).toBe('c0-text');
      // Back to Brende: his proposal replaces Lavrov's, which the user never touched.
      await typeMaker(page, 0, 'Brende');
      await page.locator('#c0-text').focus();
      await release(page, await sides.next());
      expect(await value(page, 'c0-partyId')).toBe(String(ids.noMfa));
      expect(await value(page, 'c0-counterpartId')).toBe(String(ids.ruMfa));
      expect(await openDropdowns(page)).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

async function ministryId(shortName: string): Promise<number> {
  const [{ id }] = await app.db.query(`SELECT id FROM ministries WHERE short_name = $1`, [shortName]);
  return id as number;
}
