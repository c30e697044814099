import { readFileSync } from 'node:fs';
import {
  brendeLavrovMeeting,
  collectPageErrors,
  demoIds,
  fillMeetingForm,
  newLoggedInPage,
  saveMeeting,
  useBrowserApp,
  visit,
} from '../support/browser';

const app = useBrowserApp();

const CSV_COLUMNS = 'id,text,made_by,party,counterpart,strength,made_on,due_on,status,last_follow_up_on,owner,source';

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('a manager reviewing what is owed', () => {
  it('finds both commitments, filters to the counterpart, exports them, and opens the brief and the dashboard', async () => {
    const ids = await demoIds(app.db);
    const input = brendeLavrovMeeting(ids);
    const [ours, theirs] = input.commitments;
    const staff = await newLoggedInPage(app, 'staff@demo.test');
    await visit(staff.page, app, '/meetings/new');
    await fillMeetingForm(staff.page, input);
    const meetingId = await saveMeeting(staff.page);
    await staff.context.close();
    const rowsBefore = await app.db.query(`SELECT id, status, owner_id FROM commitments ORDER BY id`);

    const { context, page } = await newLoggedInPage(app, 'manager@demo.test');
    const errors = collectPageErrors(page);
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commitments' }).click();
      await page.waitForURL(/\/commitments$/);
      const listed = await page.locator('main').textContent();
      expect(listed).toContain(ours.text);
      expect(listed).toContain(theirs.text);

      // Brende's commitment is owed to Russia's MFA; Lavrov's is owed to Norway's.
      const filter = page.locator('main form').filter({ has: page.locator('[name="counterpartId"]') });
      const hasFilterForm = (await filter.count()) > 0;
      if (hasFilterForm) {
        const folded = filter.locator('xpath=ancestor::details[not(@open)]');
        if (await folded.count()) await folded.locator('summary').click();
        await filter.locator('[name="counterpartId"]').selectOption(String(ids.ruMfa));
        await Promise.all([page.waitForURL(/counterpartId=/), filter.locator('[type="submit"]').first().click()]);
      } else {
        await visit(page, app, `/commitments?counterpartId=${ids.ruMfa}`);
      }
      const filtered = await page.locator('main').textContent();
      expect(filtered).toContain(ours.text);
      expect(hasFilterForm).toBe(true);
      expect(filtered).not.toContain(theirs.text);

      const csvLink = page.getByRole('link', { name: 'Download CSV' });
      const hasCsvLink = (await csvLink.count()) > 0;
      expect(hasCsvLink).toBe(true);
      const csvUrl = new URL(
        hasCsvLink ? (await csvLink.getAttribute('href'))! : `/commitments.csv?counterpartId=${ids.ruMfa}`,
        app.baseUrl,
      );
      const csv = await context.request.get(csvUrl.toString(), { maxRedirects: 0 });
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv\b/);
      {
        expect(csvUrl.searchParams.get('counterpartId')).toBe(String(ids.ruMfa));
        let body = await csv.text();
        if (hasCsvLink) {
          const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
          expect(download.suggestedFilename()).toMatch(/\.csv$/);
          body = readFileSync(await download.path(), 'utf8');
        }
        const [header, ...records] = parseCsv(body.replace(/^\uFEFF/, '')).filter((r) => r.some((f) => f !== ''));
        expect(header.join(',')).toBe(CSV_COLUMNS);
        const texts = records.map((r) => r[header.indexOf('text')]);
        expect(texts).toContain(ours.text);
        expect(texts).not.toContain(theirs.text);
        const mine = records.find((r) => r[header.indexOf('text')] === ours.text)!;
        expect(mine[header.indexOf('made_by')]).toMatch(/^Børge Brende\b/);
        expect(mine[header.indexOf('counterpart')]).toBe('Ministry of Foreign Affairs of the Russian Federation');
        expect(mine[header.indexOf('due_on')]).toBe(ours.dueOn);
      }

      await visit(page, app, `/ministries/${ids.ruMfa}`);
      await Promise.all([page.waitForURL(/\/brief$/), page.getByRole('link', { name: 'Brief', exact: true }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Brief: Ministry of Foreign Affairs of the Russian Federation',
      );
      expect(await page.getByRole('region', { name: 'What they owe us' }).textContent()).toContain(theirs.text);
      expect(await page.getByRole('region', { name: 'What we owe them' }).textContent()).toContain(ours.text);
      expect(
        await page.getByRole('region', { name: 'Last meetings' }).getByRole('link', { name: input.title }).count(),
      ).toBe(1);

      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(`${app.baseUrl}/`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
      const recent = page.getByRole('region', { name: 'Recent meetings' });
      expect(await recent.getByRole('link', { name: input.title }).getAttribute('href')).toBe(`/meetings/${meetingId}`);
      expect(await recent.textContent()).toContain('2 commitments');
      const byCounterpart = page.getByRole('table', { name: /Open commitments by counterpart/ });
      // Both commitments count under Russia's MFA: the chart groups by the foreign side.
      const [{ n: openWithRussia }] = await app.db.query(
        `SELECT count(*)::int AS n FROM commitments c JOIN ministries p ON p.id = c.party_id
          WHERE c.status IN ('open', 'in_progress', 'stalled') AND c.deleted_at IS NULL
            AND CASE WHEN p.country_code = 'NO' THEN c.counterpart_id ELSE c.party_id END = $1`,
        [ids.ruMfa],
      );
      const russia = byCounterpart.getByRole('row').filter({
        has: page.getByRole('link', { name: 'Ministry of Foreign Affairs of the Russian Federation', exact: true }),
      });
      expect(await russia.locator('td').last().textContent()).toBe(String(openWithRussia));
      expect(openWithRussia).toBeGreaterThanOrEqual(2);

      // Looking is not changing: the manager's visit left every commitment as it was.
      expect(await app.db.query(`SELECT id, status, owner_id FROM commitments ORDER BY id`)).toEqual(rowsBefore);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
