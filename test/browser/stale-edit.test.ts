import { collectPageErrors, newLoggedInPage, useBrowserApp, visit } from '../support/browser';

const app = useBrowserApp();

describe('two people editing the same meeting in two browsers', () => {
  it('refuses the stale save with the conflict page, keeps what the second person typed, and loses neither edit', async () => {
    const [meeting] = await app.db.query(
      `SELECT id, version, summary FROM meetings WHERE title = 'Brende–Lavrov meeting in Oulu'`,
    );
    const first = await newLoggedInPage(app, 'manager@demo.test');
    const second = await newLoggedInPage(app, 'staff@demo.test');
    const errors = collectPageErrors(second.page);
    const firstText = 'Brende raised the Storskog arrivals; Lavrov promised to look into it. (manager)';
    const secondText = 'Lavrov: «I will look into the matter» — Сергей Лавров, noted by the desk officer.';
    try {
      // Both open the form while it is still at the same version.
      await visit(first.page, app, `/meetings/${meeting.id}/edit`);
      await visit(second.page, app, `/meetings/${meeting.id}/edit`);

      await first.page.getByLabel('Summary').fill(firstText);
      const [saved] = await Promise.all([
        first.page.waitForNavigation(),
        first.page.getByRole('button', { name: 'Save meeting' }).click(),
      ]);
      expect(saved?.status()).toBe(200);
      expect(new URL(first.page.url()).pathname).toBe(`/meetings/${meeting.id}`);

      await second.page.getByLabel('Summary').fill(secondText);
      await second.page.getByLabel(/^Location/).fill('Oulu');
      const [refused] = await Promise.all([
        second.page.waitForNavigation(),
        second.page.getByRole('button', { name: 'Save meeting' }).click(),
      ]);
      expect(refused?.status()).toBe(409);

      const conflict = second.page.locator('#conflict');
      expect(await conflict.getAttribute('role')).toBe('alert');
      expect(await conflict.textContent()).toContain('Someone else changed this record while you were editing it');
      const summaryRow = conflict
        .getByRole('row')
        .filter({ has: second.page.getByRole('rowheader', { name: 'Summary' }) });
      expect(await summaryRow.locator('td').allTextContents()).toEqual([firstText, secondText]);
      expect(await second.page.getByLabel('Summary').inputValue()).toBe(secondText);
      expect(await second.page.getByLabel(/^Location/).inputValue()).toBe('Oulu');

      const [afterConflict] = await app.db.query(`SELECT version, summary, location FROM meetings WHERE id = $1`, [
        meeting.id,
      ]);
      expect(afterConflict).toEqual({ version: meeting.version + 1, summary: firstText, location: 'Oulu, Finland' });

      // Having seen what changed, the second person saves their version on purpose.
      const [resaved] = await Promise.all([
        second.page.waitForNavigation(),
        second.page.getByRole('button', { name: 'Save meeting' }).click(),
      ]);
      expect(resaved?.status()).toBe(200);
      const [final] = await app.db.query(`SELECT version, summary, location FROM meetings WHERE id = $1`, [meeting.id]);
      expect(final).toEqual({ version: meeting.version + 2, summary: secondText, location: 'Oulu' });
      expect(errors).toEqual([]);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});
