import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { collectPageErrors, DESKTOP, newLoggedInPage, PHONE, useBrowserApp, visit } from '../support/browser';

const app = useBrowserApp();
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Set SHOTS=/some/dir to keep screenshots of the states looked at.
const SHOTS = process.env.SHOTS;

async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the meeting form', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)(
    'shows every error at once in a summary that takes the focus, and stays axe-clean with a picker open (%s)',
    async (label, viewport) => {
      const { context, page } = await newLoggedInPage(app, 'staff@demo.test', {
        viewport,
        isMobile: label === 'phone',
      });
      const errors = collectPageErrors(page);
      try {
        await visit(page, app, '/meetings/new');
        expect(await page.locator('.ts-wrapper').count()).toBeGreaterThanOrEqual(10);
        expect(await seriousAxeFindings(page)).toEqual([]);
        const row = page.getByRole('group', { name: 'Commitment 1', exact: true });
        await row.getByLabel('The words').fill('Mr. Lavrov said he would look into the matter.');
        await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save meeting' }).click()]);
        expect(await page.title()).toMatch(/^Error: New meeting/);
        const summary = page.getByRole('alert');
        expect(await summary.getByRole('heading').textContent()).toBe('There is a problem');
        expect(await focusedId(page)).toBe('form-errors');
        const links = await summary.getByRole('link').allTextContents();
        expect(links).toEqual([
          'Enter a title.',
          'Enter the date it was held.',
          'Commitment 1: Choose the party bound by it.',
          'Commitment 1: Choose the party it is owed to.',
          'Commitment 1: Choose strength.',
        ]);
        expect(await row.getByLabel('The words').inputValue()).toBe('Mr. Lavrov said he would look into the matter.');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/meeting-errors-${label}.png`, fullPage: true });
        await summary.getByRole('link', { name: 'Commitment 1: Choose the party bound by it.' }).click();
        expect(await focusedId(page)).toBe('c0-partyId-ts-control');
        await page.keyboard.type('Russ');
        await page.locator('#c0-partyId-ts-dropdown').waitFor();
        await page.locator('#c0-partyId-ts-dropdown').scrollIntoViewIfNeeded();
        expect(await seriousAxeFindings(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/meeting-picker-open-${label}.png`, fullPage: false });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
