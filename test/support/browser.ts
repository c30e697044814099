/// <reference lib="dom" />
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { DEMO_PASSWORD } from '../../src/db/demo-data';
import { seedDemo } from '../../src/db/seed-demo';
import { createLogger } from '../../src/logger';
import { truncateAll } from './app';

// Browser tests drive Debian's chromium (never a downloaded browser) against the real app,
// listening on loopback only and seeded with the Storskog demo dossier before each test.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/**
 * Where the browser tests save screenshots: test-results/ (git-ignored), so a test run leaves the
 * tree clean; `npm run screenshots` sets UPDATE_README_SCREENSHOTS=1 to refresh the README's.
 */
export const SCREENSHOT_DIR = path.join(
  __dirname,
  '..',
  '..',
  process.env.UPDATE_README_SCREENSHOTS === '1' ? 'docs' : 'test-results',
  'screenshots',
);
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface BrowserApp {
  baseUrl: string;
  db: DataSource;
  browser: Browser;
  /** Requests the pages tried to send anywhere but the app; the tests expect none. */
  offSite: string[];
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
  });
}

/** The real app on this worker's database at a random loopback port, and one Chromium for the file. */
export function useBrowserApp(): BrowserApp {
  const ctx = { offSite: [] as string[] } as BrowserApp;
  let server: Server | undefined;
  let close: () => void = () => {};
  beforeAll(async () => {
    const config = { ...loadConfig(), nodeEnv: 'test', logLevel: 'silent', loginRateLimitPerMinute: 1000 };
    ctx.db = createDataSource(config.databaseUrl!, { max: 6 });
    await ctx.db.initialize();
    const created = createApp({
      db: ctx.db,
      config,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      sessionSecret: 'browser-secret-'.repeat(3),
    });
    close = created.close;
    server = created.app.listen(0, '127.0.0.1');
    ctx.baseUrl = `http://127.0.0.1:${await listen(server)}`;
    ctx.browser = await launchChromium();
  });
  beforeEach(async () => {
    ctx.offSite.length = 0;
    await truncateAll(ctx.db);
    await seedDemo(ctx.db);
  });
  afterEach(() => {
    expect(ctx.offSite).toEqual([]);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    close();
    await ctx.db?.destroy();
  });
  return ctx;
}

/** A fresh browser profile (own cookies) whose requests may only reach the app. */
export async function newContext(app: BrowserApp, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await app.browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC', ...options });
  context.setDefaultTimeout(15_000);
  await context.route(
    (url) => url.origin !== app.baseUrl,
    (route) => {
      app.offSite.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

/**
 * Uncaught script errors, console errors (CSP refusals appear there) and failed assets on a page.
 * A page answering 4xx on purpose (409, 422) is asserted by the tests, not reported here.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (
      msg.type() === 'error' &&
      !msg.text().startsWith('Failed to load resource: the server responded with a status of')
    )
      errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') errors.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => errors.push(`${req.failure()?.errorText} ${req.url()}`));
  return errors;
}

/** Opens an app page and fails with what the page said when it did not answer `status`. */
export async function visit(page: Page, app: BrowserApp, path: string, status = 200): Promise<void> {
  const response = await page.goto(`${app.baseUrl}${path}`);
  if (response?.status() !== status) {
    const said = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    ).slice(0, 500);
    throw new Error(`GET ${path} answered ${response?.status()} (expected ${status}) at ${page.url()}: ${said}`);
  }
}

/** What has the keyboard focus: its id, else its text. */
export function focusedField(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.id || (el?.textContent ?? '').trim();
  });
}

/** Presses Tab until `target` has the focus; a date field takes several presses (day, month, year, picker). */
export async function tabTo(page: Page, target: string, most = 6): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedField(page)) === target) return;
  }
  throw new Error(
    `${target} did not get the focus within ${most} Tab presses (focus is on "${await focusedField(page)}")`,
  );
}

/** Logs in through the real login form and waits to land on an app page. */
export async function logIn(page: Page, app: BrowserApp, email: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, app, '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  if (new URL(page.url()).pathname === '/login') {
    const alert = await page.getByRole('alert').allTextContents();
    throw new Error(`Login as ${email} failed with ${response?.status()}: ${alert.join(' ').trim() || 'no message'}`);
  }
}

export async function newLoggedInPage(
  app: BrowserApp,
  email: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(app, options);
  const page = await context.newPage();
  await logIn(page, app, email);
  return { context, page };
}

/** Ids of demo records by name, so tests do not depend on insertion order. */
export async function demoIds(db: DataSource) {
  const one = async (sql: string, params: unknown[]) => {
    const rows = await db.query(sql, params);
    if (rows.length !== 1) throw new Error(`Expected one demo row for ${params.join(', ')}, found ${rows.length}`);
    return rows[0].id as number;
  };
  const official = (name: string) => one(`SELECT id FROM officials WHERE full_name = $1`, [name]);
  const ministry = (country: string) =>
    one(`SELECT id FROM ministries WHERE short_name IN ('UD', 'МИД России') AND country_code = $1`, [country]);
  return {
    brende: await official('Børge Brende'),
    lavrov: await official('Sergey Lavrov'),
    noMfa: await ministry('NO'),
    ruMfa: await ministry('RU'),
  };
}

export interface InlineCommitment {
  text: string;
  madeById: number;
  partyId: number;
  counterpartId: number;
  dueOn: string;
  strength: 'pledge' | 'will_consider' | 'intent';
}

export interface MeetingInput {
  title: string;
  heldOn: string;
  location: string;
  participantIds: number[];
  commitments: InlineCommitment[];
}

/**
 * Chooses `value` in a select that Tom Select has turned into a type-ahead, as a person does:
 * click it, type the start of the choice's text, press Enter. Returns the actions taken.
 */
export async function choose(
  page: Page,
  selectId: string,
  value: string | number,
  typed?: string,
): Promise<{ clicks: number; fields: number; keys: number }> {
  const selected = () =>
    page
      .locator(`#${selectId}`)
      .evaluate((el) => Array.from((el as HTMLSelectElement).selectedOptions, (o) => o.value));
  // Already proposed by the form (a maker's party and counterpart): a person checks it and moves on.
  if (
    !typed &&
    !(await page.locator(`#${selectId}`).evaluate((el) => (el as HTMLSelectElement).multiple)) &&
    (await selected()).includes(String(value))
  ) {
    return { clicks: 0, fields: 0, keys: 0 };
  }
  const text =
    typed ?? ((await page.locator(`#${selectId} option[value="${value}"]`).textContent()) ?? '').slice(0, 20);
  await page.locator(`#${selectId}-ts-control`).click();
  await page.keyboard.type(text);
  await page.locator(`#${selectId}-ts-dropdown .option.active`, { hasText: text.slice(0, 12) }).waitFor();
  await page.keyboard.press('Enter');
  const chosen = await page
    .locator(`#${selectId}`)
    .evaluate((el) => Array.from((el as HTMLSelectElement).selectedOptions, (o) => o.value));
  if (!chosen.includes(String(value)))
    throw new Error(`Typing "${text}" in ${selectId} chose ${chosen.join()} instead of ${value}`);
  return { clicks: 1, fields: 1, keys: 1 };
}

/** Waits until the meeting form has no proposal of party and counterpart in flight (rows marked data-proposing). */
export async function proposalLanded(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('#meeting-form [data-proposing]'));
}

/** Fills /meetings/new as a person would, finding every field by its label and typing in the type-aheads. */
export async function fillMeetingForm(page: Page, input: MeetingInput): Promise<void> {
  await page.getByLabel(/^Title\b/).fill(input.title);
  await page.getByLabel(/^Held on/).fill(input.heldOn);
  await page.getByLabel(/^Location/).fill(input.location);
  for (const id of input.participantIds) await choose(page, 'participantIds', id);
  await page.keyboard.press('Escape');
  for (const [i, c] of input.commitments.entries()) {
    const row = page.getByRole('group', { name: `Commitment ${i + 1}`, exact: true });
    await row.getByLabel('The words').fill(c.text);
    await choose(page, `c${i}-madeById`, c.madeById);
    // The maker's party and counterpart are proposed by a request of their own. A late answer would
    // not overwrite what is chosen below, but a person sees the proposal first and keeps it.
    await proposalLanded(page);
    await choose(page, `c${i}-partyId`, c.partyId);
    await choose(page, `c${i}-counterpartId`, c.counterpartId);
    await row.getByLabel('Due on').fill(c.dueOn);
    await row.getByLabel('Strength').selectOption(c.strength);
  }
}

/** Submits the filled meeting form and returns the new meeting's id from the page it lands on. */
export async function saveMeeting(page: Page): Promise<number> {
  await Promise.all([page.waitForURL(/\/meetings\/\d+$/), page.getByRole('button', { name: 'Save meeting' }).click()]);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** A meeting of Brende and Lavrov with one commitment from each side. */
export function brendeLavrovMeeting(
  ids: Awaited<ReturnType<typeof demoIds>>,
  title = 'Brende–Lavrov talks in Kirkenes',
): MeetingInput {
  return {
    title,
    heldOn: '2016-03-10',
    location: 'Kirkenes',
    participantIds: [ids.brende, ids.lavrov],
    commitments: [
      {
        text: 'Norway will send the list of the 5,500 asylum seekers by Friday',
        madeById: ids.brende,
        partyId: ids.noMfa,
        counterpartId: ids.ruMfa,
        dueOn: '2016-03-18',
        strength: 'pledge',
      },
      {
        text: 'Russia will consider resuming readmission via Storskog',
        madeById: ids.lavrov,
        partyId: ids.ruMfa,
        counterpartId: ids.noMfa,
        dueOn: '2016-04-01',
        strength: 'will_consider',
      },
    ],
  };
}

export interface MainPage {
  /** File-name friendly name, used for screenshots. */
  name: string;
  path: string;
  /** Pages seen before logging in. */
  public?: boolean;
}

/** The pages a desk officer and a manager spend their day on, with demo records that have content. */
export async function mainPages(db: DataSource): Promise<MainPage[]> {
  const id = async (sql: string, value: string) => {
    const rows = await db.query(sql, [value]);
    if (rows.length !== 1) throw new Error(`Expected one demo record for ${value}, found ${rows.length}`);
    return rows[0].id as number;
  };
  const meeting = await id(`SELECT id FROM meetings WHERE title = $1`, 'Brende–Lavrov meeting in Oulu');
  const note = await id(`SELECT id FROM notes WHERE reference = $1`, 'МИД-2016/0119-НО');
  const commitment = await id(
    `SELECT id FROM commitments WHERE text = $1`,
    'Mr. Lavrov said he would look into the matter.',
  );
  const ministry = await id(
    `SELECT id FROM ministries WHERE name = $1`,
    'Ministry of Foreign Affairs of the Russian Federation',
  );
  return [
    { name: 'login', path: '/login', public: true },
    { name: 'dashboard', path: '/' },
    { name: 'commitments', path: '/commitments' },
    { name: 'commitment', path: `/commitments/${commitment}` },
    { name: 'meetings', path: '/meetings' },
    { name: 'meeting', path: `/meetings/${meeting}` },
    { name: 'meeting-new', path: '/meetings/new' },
    { name: 'note', path: `/notes/${note}` },
    { name: 'brief', path: `/ministries/${ministry}/brief` },
    { name: 'search', path: '/search?q=Lavrov' },
  ];
}

export interface UnlabelledField {
  tag: string;
  name: string | null;
  id: string | null;
}

/** Form fields (not hidden inputs or buttons) without a label element, aria-label or aria-labelledby. */
export async function unlabelledFields(page: Page): Promise<{ checked: number; unlabelled: UnlabelledField[] }> {
  return page.evaluate(() => {
    const fields = Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'),
    ).filter(
      (el) => !(el instanceof HTMLInputElement && ['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)),
    );
    const labelled = (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) => {
      if ((el.getAttribute('aria-label') ?? '').trim()) return true;
      const by = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
      if (by.some((ref) => (document.getElementById(ref)?.textContent ?? '').trim())) return true;
      return Array.from(el.labels ?? []).some((label) => (label.textContent ?? '').trim() !== '');
    };
    return {
      checked: fields.length,
      unlabelled: fields
        .filter((el) => !labelled(el))
        .map((el) => ({ tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), id: el.id || null })),
    };
  });
}
