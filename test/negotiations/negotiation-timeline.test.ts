import { login, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { timelineChart, type TimelineEvent } from '../../src/negotiations/negotiation-timeline';

const t = useApp();

describe('GET /negotiations/:id timeline', () => {
  it('lists meetings, notes, agreements, commitments and follow-ups in date order, within clearance, with an SVG above', async () => {
    const no = await createMinistry(t.db, { countryCode: 'NO' });
    const ru = await createMinistry(t.db, { countryCode: 'RU' });
    const [{ id: negotiation }] = await t.db.query(
      `INSERT INTO negotiations (title) VALUES ('Storskog crossings and readmission') RETURNING id`,
    );
    const [{ id: meeting }] = await t.db.query(
      `INSERT INTO meetings (title, held_on, negotiation_id) VALUES ('Oulu meeting', '2015-10-14', $1) RETURNING id`,
      [negotiation],
    );
    await t.db.query(
      `INSERT INTO meetings (title, held_on, negotiation_id, classification) VALUES ('Secret meeting', '2015-12-01', $1, 'confidential')`,
      [negotiation],
    );
    await t.db.query(
      `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, negotiation_id) VALUES ('МИД-1', 'formal_note', '2016-01-19', $1, $2, 'Bus returns', $3)`,
      [ru, no, negotiation],
    );
    await t.db.query(
      `INSERT INTO agreements (title, kind, status, signed_on, negotiation_id) VALUES ('Air returns arrangement', 'arrangement', 'in_force', '2016-01-27', $1)`,
      [negotiation],
    );
    const [{ id: commitment }] = await t.db.query(
      `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, meeting_id, made_on, negotiation_id) VALUES ('Look into the matter', $1, $2, 'will_consider', 'meeting', $3, '2015-10-14', $4) RETURNING id`,
      [ru, no, meeting, negotiation],
    );
    await t.db.query(
      `INSERT INTO follow_ups (commitment_id, recorded_on, previous_status, status, note) VALUES ($1, '2016-01-22', 'open', 'stalled', 'No report received')`,
      [commitment],
    );
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    const page = await staff.get(`/negotiations/${negotiation}`);
    expect(page.status).toBe(200);
    const timeline = page.text.slice(
      page.text.indexOf('id="timeline-heading"'),
      page.text.indexOf('</section>', page.text.indexOf('id="timeline-heading"')),
    );
    expect(timeline).toContain('<svg class="timeline-chart"');
    const order = [
      'Oulu meeting',
      'Look into the matter',
      'МИД-1 — Bus returns',
      'No report received',
      'Air returns arrangement',
    ].map((s) => timeline.lastIndexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(timeline).not.toContain('Secret meeting');
    expect(timeline).toContain('open → stalled');
  });
});

describe('timelineChart', () => {
  it("places events left to right by date on their kind's lane", () => {
    const events: TimelineEvent[] = [
      {
        kind: 'meeting',
        id: 1,
        on: '2015-10-14',
        title: 'a',
        detail: null,
        href: '/meetings/1',
        classification: 'unclassified',
      },
      {
        kind: 'note',
        id: 1,
        on: '2016-01-19',
        title: 'b',
        detail: null,
        href: '/notes/1',
        classification: 'unclassified',
      },
    ];
    const chart = timelineChart(events)!;
    expect(chart.dots[0].x).toBeLessThan(chart.dots[1].x);
    expect(chart.dots[0].y).not.toBe(chart.dots[1].y);
    expect(chart.ticks.map((tick) => tick.label)).toContain('2016-01');
    expect(timelineChart([])).toBeUndefined();
  });
});
