import { mkdirSync } from 'node:fs';
import { demoIds, newLoggedInPage, useBrowserApp, visit } from '../support/browser';

const app = useBrowserApp();
const SHOTS = process.env.MARKING_SHOTS_DIR;

describe('the classification marking in the browser', () => {
  it('shows CONFIDENTIAL at the top and bottom of a brief holding a confidential commitment, on screen and in print', async () => {
    const ids = await demoIds(app.db);
    const { context, page } = await newLoggedInPage(app, 'manager@demo.test');
    const [fms] = await app.db.query(`SELECT id FROM ministries WHERE name = 'Federal Migration Service'`);
    await visit(page, app, `/ministries/${fms?.id ?? ids.ruMfa}/brief`);
    const banners = page.locator('.classification-marking');
    await expect(banners.allTextContents()).resolves.toEqual(['CONFIDENTIAL', 'CONFIDENTIAL']);
    expect(await banners.first().isVisible()).toBe(true);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/brief-screen.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await banners.first().isVisible()).toBe(true);
    expect(await banners.last().isVisible()).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/brief-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await context.close();

    const staff = await newLoggedInPage(app, 'staff@demo.test');
    await visit(staff.page, app, `/ministries/${fms?.id ?? ids.ruMfa}/brief`);
    expect(await staff.page.locator('.classification-marking', { hasText: 'CONFIDENTIAL' }).count()).toBe(0);
    await staff.context.close();
  });
});
