// Logs in to a running Démarche and saves screenshots of pages at desktop and phone widths.
// Usage: node scripts/screenshots.mjs [baseUrl] [outDir] [path ...]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base = 'http://127.0.0.1:3000', outDir = 'docs/screenshots', ...paths] = process.argv.slice(2);
const pages = paths.length
  ? paths
  : [
      '/login',
      '/',
      '/commitments',
      '/meetings',
      '/meetings/1',
      '/meetings/new',
      '/notes/2',
      '/agreements/2',
      '/commitments/1',
      '/officials/5',
      '/ministries/1',
      '/negotiations/1',
    ];
const email = process.env.SCREENSHOT_USER ?? 'manager@demo.test';
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('which', ['chromium']).toString().trim();

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    if (label === 'desktop') await page.screenshot({ path: path.join(outDir, `login-${label}.png`), fullPage: true });
    await page.fill('#email', email);
    await page.fill('#password', 'demarche-demo');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
    for (const p of pages.filter((p) => p !== '/login')) {
      const response = await page.goto(base + p);
      const name = (p === '/' ? 'dashboard' : p.slice(1).replace(/[/?=&]+/g, '-')) + `-${label}.png`;
      await page.screenshot({ path: path.join(outDir, name), fullPage: true });
      console.log(`${response?.status()} ${p} → ${name}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
