import { count, loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createOfficial } from '../support/factories';
import { submissionToken } from '../support/form-html';
import { positionsOf } from '../support/officials.factories';
import { titleOn } from '../../src/officials/officials.service';

const t = useApp();

const staffAgent = () => loginAs(t);

async function listhaug() {
  const lmd = await createMinistry(t.db, { name: 'Landbruks- og matdepartementet', shortName: 'LMD' });
  const jd = await createMinistry(t.db, { name: 'Justis- og beredskapsdepartementet', shortName: 'JD' });
  const id = await createOfficial(t.db, {
    fullName: 'Sylvi Listhaug',
    title: 'Landbruks- og matminister',
    ministryId: lmd,
    startedOn: '2013-10-16',
  });
  return { id, lmd, jd };
}

describe('POST /officials/:id/positions', () => {
  it('ends the current position the day before the new one starts, in one audited change', async () => {
    const { agent, user } = await staffAgent();
    const { id, lmd, jd } = await listhaug();
    const page = await agent.get(`/officials/${id}`);
    expect(page.text).not.toContain('Nothing was saved');
    const res = await postForm(
      agent,
      `/officials/${id}/positions`,
      {
        _submission: submissionToken(page.text),
        title: 'Innvandrings- og integreringsminister',
        ministryId: String(jd),
        startedOn: '2015-12-16',
      },
      `/officials/${id}`,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/officials/${id}`);
    expect(await positionsOf(t.db, id)).toEqual([
      { title: 'Landbruks- og matminister', ministry_id: lmd, started_on: '2013-10-16', ended_on: '2015-12-15' },
      { title: 'Innvandrings- og integreringsminister', ministry_id: jd, started_on: '2015-12-16', ended_on: null },
    ]);
    const events = await t.db.query(
      `SELECT user_id, action, changes FROM audit_events WHERE entity_type = 'official' AND entity_id = $1`,
      [id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user_id: user.id, action: 'update' });
    expect(events[0].changes.title).toEqual({
      before: 'Landbruks- og matminister',
      after: 'Innvandrings- og integreringsminister',
    });
    expect(events[0].changes.previousPositionEndedOn).toEqual({ before: null, after: '2015-12-15' });
    expect(await titleOn(t.db, id, '2015-12-15')).toBe('Landbruks- og matminister');
    expect(await titleOn(t.db, id, '2016-01-20')).toBe('Innvandrings- og integreringsminister');
    expect(await titleOn(t.db, id, '2010-01-01')).toBeNull();
    const index = await agent.get('/officials');
    expect(index.text).toContain('Innvandrings- og integreringsminister');
    expect(index.text).not.toContain('Landbruks- og matminister');
  });

  it('records one position when the same form is submitted twice', async () => {
    const { agent } = await staffAgent();
    const { id, jd } = await listhaug();
    const page = await agent.get(`/officials/${id}`);
    const fields = {
      _submission: submissionToken(page.text),
      title: 'Innvandringsminister',
      ministryId: String(jd),
      startedOn: '2015-12-16',
    };
    expect((await postForm(agent, `/officials/${id}/positions`, fields, `/officials/${id}`)).status).toBe(303);
    expect((await postForm(agent, `/officials/${id}/positions`, fields, `/officials/${id}`)).status).toBe(303);
    expect(await count(t.db, 'official_positions')).toBe(2);
    expect(await count(t.db, 'audit_events')).toBe(1);
  });

  it('refuses a start on or before the current start with 422, keeping the typed values and changing nothing', async () => {
    const { agent } = await staffAgent();
    const { id, jd } = await listhaug();
    const page = await agent.get(`/officials/${id}`);
    const before = await positionsOf(t.db, id);
    for (const startedOn of ['2013-10-16', '2001-01-01']) {
      const res = await postForm(
        agent,
        `/officials/${id}/positions`,
        { _submission: submissionToken(page.text), title: 'Ny tittel æøå', ministryId: String(jd), startedOn },
        `/officials/${id}`,
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('The new position must start after 2013-10-16');
      expect(res.text).toContain('value="Ny tittel æøå"');
      expect(res.text).toContain(`value="${startedOn}"`);
    }
    const invalid = await postForm(
      agent,
      `/officials/${id}/positions`,
      { _submission: submissionToken(page.text), title: '', ministryId: '', startedOn: '2016-02-30' },
      `/officials/${id}`,
    );
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('Enter the title.');
    expect(invalid.text).toContain('Choose the ministry.');
    expect(invalid.text).toContain('Enter a real date as YYYY-MM-DD.');
    expect(await positionsOf(t.db, id)).toEqual(before);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('answers 404 for a deleted official', async () => {
    const { agent } = await staffAgent();
    const { id, jd } = await listhaug();
    const page = await agent.get(`/officials/${id}`);
    await t.db.query(`UPDATE officials SET deleted_at = now() WHERE id = $1`, [id]);
    const res = await postForm(
      agent,
      `/officials/${id}/positions`,
      { _submission: submissionToken(page.text), title: 'X', ministryId: String(jd), startedOn: '2016-01-01' },
      '/officials',
    );
    expect(res.status).toBe(404);
    expect(await count(t.db, 'official_positions')).toBe(1);
  });
});
