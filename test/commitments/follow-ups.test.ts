import type request from 'supertest';
import { count, loginAs, postForm, useApp } from '../support/app';
import { fieldError, submissionToken } from '../support/form-html';
import { createCommitment, createMeeting } from '../support/commitments.factories';
import { today } from '../../src/commitments/commitment-status';

const t = useApp();

async function followUp(agent: request.Agent, id: number, fields: Record<string, unknown>) {
  const page = await agent.get(`/commitments/${id}`);
  return postForm(
    agent,
    `/commitments/${id}/follow-ups`,
    { _submission: submissionToken(page.text), ...fields },
    `/commitments/${id}`,
  );
}

async function snapshot(id: number) {
  const [c] = await t.db.query(`SELECT status, version, last_follow_up_on FROM commitments WHERE id = $1`, [id]);
  return { c, followUps: await count(t.db, 'follow_ups'), audits: await count(t.db, 'audit_events') };
}

describe('POST /commitments/:id/follow-ups', () => {
  it('records a status change with its reason, moves the commitment and audits it', async () => {
    const { agent, user } = await loginAs(t);
    const evidence = await createMeeting(t.db, { title: 'Moscow delegation', heldOn: '2016-01-27' });
    const id = await createCommitment(t.db, { text: 'Russia will take back 200–300 people', madeOn: '2016-01-20' });
    const res = await followUp(agent, id, {
      status: 'in_progress',
      note: 'FMS agreed in Moscow; first flights planned. Первые рейсы.',
      recordedOn: '2016-01-27',
      meetingId: String(evidence),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/commitments/${id}#follow-ups`);
    const [f] = await t.db.query(
      `SELECT author_id, previous_status, status, note, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on, evidence_meeting_id FROM follow_ups`,
    );
    expect(f).toEqual({
      author_id: user.id,
      previous_status: 'open',
      status: 'in_progress',
      note: 'FMS agreed in Moscow; first flights planned. Первые рейсы.',
      recorded_on: '2016-01-27',
      evidence_meeting_id: evidence,
    });
    const [c] = await t.db.query(
      `SELECT status, version, to_char(last_follow_up_on, 'YYYY-MM-DD') AS last FROM commitments WHERE id = $1`,
      [id],
    );
    expect(c).toEqual({ status: 'in_progress', version: 2, last: '2016-01-27' });
    const [event] = await t.db.query(`SELECT entity_type, action, user_id, changes FROM audit_events`);
    expect(event).toMatchObject({ entity_type: 'follow_up', action: 'create', user_id: user.id });
    expect(event.changes.status).toEqual({ before: null, after: 'in_progress' });
    const page = await agent.get(`/commitments/${id}`);
    expect(page.text).toContain('Первые рейсы.');
    expect(page.text).toContain(`href="/meetings/${evidence}"`);
    expect(page.text).toContain('badge-status-in_progress');
  });

  it('keeps the same status as a progress note, defaults the date to today, and lists the timeline oldest first with a link to URL evidence', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { madeOn: '2015-10-21' });
    expect(
      (await followUp(agent, id, { status: 'open', note: 'First: asked the embassy', recordedOn: '2015-11-01' }))
        .status,
    ).toBe(303);
    expect(
      (
        await followUp(agent, id, {
          status: 'open',
          note: 'Second: still waiting',
          url: 'https://www.nrk.no/norge/1.12345',
        })
      ).status,
    ).toBe(303);
    const rows = await t.db.query(
      `SELECT to_char(recorded_on, 'YYYY-MM-DD') AS d, previous_status, status FROM follow_ups ORDER BY id`,
    );
    expect(rows).toEqual([
      { d: '2015-11-01', previous_status: 'open', status: 'open' },
      { d: today('Europe/Oslo'), previous_status: 'open', status: 'open' },
    ]);
    const page = await agent.get(`/commitments/${id}`);
    expect(page.text.indexOf('First: asked the embassy')).toBeLessThan(page.text.indexOf('Second: still waiting'));
    expect(page.text).toContain('href="https://www.nrk.no/norge/1.12345" rel="noopener noreferrer"');
    expect(page.text).toContain('progress note');
  });

  it('requires a written reason: 422 on the commitment page with the typed values kept, nothing changed', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { text: 'I will look into the matter' });
    const before = await snapshot(id);
    const res = await followUp(agent, id, {
      status: 'broken',
      note: '   ',
      recordedOn: '2016-01-26',
      url: 'https://sputniknews.com/x',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'fu-note')).toBe('Enter a note saying why.');
    expect(res.text).toContain('I will look into the matter');
    expect(res.text).toContain('value="2016-01-26"');
    expect(res.text).toContain('value="https://sputniknews.com/x"');
    expect(res.text).toMatch(/name="status"[\s\S]*?<option value="broken" selected>/);
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses an illegal transition with 422 and changes nothing', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { status: 'fulfilled' });
    const before = await snapshot(id);
    const res = await followUp(agent, id, { status: 'broken', note: 'They went back on it' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'fu-status')).toContain('can only become');
    expect(res.text).toContain('They went back on it');
    expect(await snapshot(id)).toEqual(before);
  });

  it('reopens a closed commitment when a reason is given', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { status: 'fulfilled', madeOn: '2016-01-20' });
    const res = await followUp(agent, id, {
      status: 'in_progress',
      note: 'Returns stopped again on 22 January; reopening.',
      recordedOn: '2016-01-22',
    });
    expect(res.status).toBe(303);
    const [c] = await t.db.query(`SELECT status FROM commitments WHERE id = $1`, [id]);
    expect(c.status).toBe('in_progress');
    const [f] = await t.db.query(`SELECT previous_status, status FROM follow_ups`);
    expect(f).toEqual({ previous_status: 'fulfilled', status: 'in_progress' });
  });

  it('refuses dates in the future, before the commitment was made or before the latest follow-up', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db, { madeOn: '2015-10-21', lastFollowUpOn: '2015-12-01' });
    const before = await snapshot(id);
    const cases: [string, string][] = [
      ['2100-01-01', 'future'],
      ['2015-10-20', 'before the commitment was made'],
      ['2015-11-30', 'before the latest follow-up'],
      ['2016-02-30', 'real date'],
    ];
    for (const [recordedOn, message] of cases) {
      const res = await followUp(agent, id, { status: 'open', note: 'x', recordedOn });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'fu-recordedOn')).toContain(message);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses more than one piece of evidence, a javascript: address and evidence the user may not see', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    const secret = await createMeeting(t.db, { classification: 'confidential' });
    const id = await createCommitment(t.db);
    const before = await snapshot(id);
    const two = await followUp(agent, id, {
      status: 'open',
      note: 'x',
      url: 'https://nrk.no',
      meetingId: String(secret),
    });
    expect(two.status).toBe(422);
    expect(fieldError(two.text, 'evidence')).toContain('at most one');
    const js = await followUp(agent, id, { status: 'open', note: 'x', url: 'javascript:alert(1)' });
    expect(js.status).toBe(422);
    expect(fieldError(js.text, 'fu-url')).toContain('http://');
    const hidden = await followUp(agent, id, { status: 'open', note: 'x', meetingId: String(secret) });
    expect(hidden.status).toBe(422);
    expect(fieldError(hidden.text, 'fu-meetingId')).toBe('Choose an entry from the list.');
    expect(await snapshot(id)).toEqual(before);
  });

  it('records one follow-up when the form is submitted twice', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db);
    const page = await agent.get(`/commitments/${id}`);
    const fields = { _submission: submissionToken(page.text), status: 'stalled', note: 'No answer to our note' };
    const [a, b] = await Promise.all([
      postForm(agent, `/commitments/${id}/follow-ups`, fields, `/commitments/${id}`),
      postForm(agent, `/commitments/${id}/follow-ups`, fields, `/commitments/${id}`),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await count(t.db, 'follow_ups')).toBe(1);
    const [c] = await t.db.query(`SELECT status, version FROM commitments WHERE id = $1`, [id]);
    expect(c).toEqual({ status: 'stalled', version: 2 });
  });

  it('escapes HTML in notes on the timeline', async () => {
    const { agent } = await loginAs(t);
    const id = await createCommitment(t.db);
    expect((await followUp(agent, id, { status: 'open', note: '<script>alert(1)</script> 🇳🇴' })).status).toBe(303);
    const page = await agent.get(`/commitments/${id}`);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 🇳🇴');
  });
});
