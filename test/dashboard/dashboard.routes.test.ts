import { login, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { barChart } from '../../src/dashboard/dashboard.service';

const t = useApp();

async function commitment(fields: {
  text: string;
  party: number;
  counterpart: number;
  dueOn?: string | null;
  status?: string;
  classification?: string;
  madeOn?: string;
  lastFollowUpOn?: string | null;
}) {
  const [row] = await t.db.query(
    `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, due_on, status, classification, last_follow_up_on)
     VALUES ($1, $2, $3, 'pledge', 'statement', 'https://example.test/', $4, $5, $6, $7, $8) RETURNING id`,
    [
      fields.text,
      fields.party,
      fields.counterpart,
      fields.madeOn ?? '2016-01-27',
      fields.dueOn ?? null,
      fields.status ?? 'open',
      fields.classification ?? 'unclassified',
      fields.lastFollowUpOn ?? null,
    ],
  );
  return row.id;
}

describe('GET /', () => {
  it('shows overdue, due-this-week and quiet commitments, the chart and the track record, within clearance', async () => {
    const no = await createMinistry(t.db, { name: 'Justisdepartementet', countryCode: 'NO' });
    const ru = await createMinistry(t.db, { name: 'Федеральная миграционная служба', countryCode: 'RU' });
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    await commitment({ text: 'Take back 200–300 by air', party: ru, counterpart: no, dueOn: '2016-03-31' });
    await commitment({
      text: 'Border guards stop people without a Schengen visa',
      party: ru,
      counterpart: no,
      dueOn: soon,
      madeOn: today,
    });
    await commitment({
      text: 'Consider the 700 case by case',
      party: ru,
      counterpart: no,
      dueOn: '2016-04-30',
      classification: 'confidential',
    });
    await commitment({
      text: 'Instructions to UDI',
      party: no,
      counterpart: ru,
      status: 'fulfilled',
      madeOn: '2015-10-16',
      lastFollowUpOn: '2015-10-27',
    });
    await commitment({
      text: 'Speedy addition',
      party: ru,
      counterpart: no,
      status: 'fulfilled',
      madeOn: '2016-01-26',
      lastFollowUpOn: '2016-02-05',
    });
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    const page = await staff.get('/');
    expect(page.status).toBe(200);
    const section = (id: string) =>
      page.text.slice(
        page.text.indexOf(`id="${id}-heading"`),
        page.text.indexOf('</section>', page.text.indexOf(`id="${id}-heading"`)),
      );
    expect(section('overdue')).toContain('Take back 200–300 by air');
    expect(section('overdue')).not.toContain('Consider the 700');
    expect(section('due-soon')).toContain('Border guards stop people');
    expect(section('quiet')).toContain('Take back 200–300 by air');
    expect(section('quiet')).not.toContain('Border guards stop people');
    expect(page.text).toContain('<svg class="chart"');
    expect(page.text).toContain('Федеральная миграционная служба: 2 open');
    expect(page.text).not.toContain('Consider the 700');
    // The track record counts commitments made by foreign parties only: the FMS fulfilled one in 10 days.
    const record = page.text.slice(page.text.indexOf('id="record-heading"'));
    expect(record).toMatch(
      /Федеральная миграционная служба<\/a><\/td><td class="text-end">1<\/td><td class="text-end">0<\/td><td class="text-end">0<\/td><td class="text-end">2<\/td><td class="text-end">10<\/td>/,
    );
    expect(record).not.toContain('Justisdepartementet');
  });
});

describe('barChart', () => {
  it('stacks the statuses of each counterpart and orders by total', () => {
    const chart = barChart([
      { id: 1, name: 'A', status: 'open', n: 1 },
      { id: 2, name: 'B', status: 'open', n: 2 },
      { id: 2, name: 'B', status: 'stalled', n: 2 },
    ]);
    expect(chart.bars.map((b) => [b.name, b.total])).toEqual([
      ['B', 4],
      ['A', 1],
    ]);
    const [b] = chart.bars;
    expect(b.segments[1].x).toBe(b.segments[0].x + b.segments[0].width);
  });
});
