import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DESKTOP, logIn, mainPages, newContext, PHONE, SCREENSHOT_DIR, useBrowserApp, visit } from '../support/browser';

const app = useBrowserApp();
const OUT = SCREENSHOT_DIR;
const SHOWN = ['dashboard', 'commitments', 'commitment', 'meeting', 'meeting-new', 'note', 'brief', 'search'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('screenshots of the main pages', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('saves each main page at %s width, none wider than the screen', async (label, viewport) => {
    mkdirSync(OUT, { recursive: true });
    const pages = (await mainPages(app.db)).filter((p) => SHOWN.includes(p.name));
    expect(pages.map((p) => p.name)).toEqual(SHOWN);
    const context = await newContext(app, { viewport, isMobile: label === 'phone', hasTouch: label === 'phone' });
    const overflowing: Record<string, number> = {};
    const widths: Record<string, number> = {};
    try {
      const page = await context.newPage();
      await logIn(page, app, 'manager@demo.test');
      for (const { name, path: url } of pages) {
        await visit(page, app, url);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > viewport.width) overflowing[name] = scrollWidth;
        const file = path.join(OUT, `${name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const size = pngSize(file);
        if (size.width !== viewport.width) widths[name] = size.width;
        expect(size.height).toBeGreaterThanOrEqual(Math.min(viewport.height, 400));
      }
    } finally {
      await context.close();
    }
    expect(overflowing).toEqual({});
    expect(widths).toEqual({});
  });
});
