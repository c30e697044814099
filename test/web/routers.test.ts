import request from 'supertest';
import { count, loginAs, postForm, useApp } from '../support/app';
import { createCommitment, createMeeting } from '../support/commitments.factories';

const t = useApp();

describe('routers mounted on their prefixes', () => {
  it('match the prefix case-insensitively, load a /:id record once and 404 a malformed, missing or hidden one', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    const visible = await createMeeting(t.db, { title: 'Talks in Kirkenes' });
    const hidden = await createMeeting(t.db, { title: 'Secret talks', classification: 'confidential' });
    expect((await agent.get(`/meetings/${visible}`)).text).toContain('Talks in Kirkenes');
    expect((await agent.get(`/MEETINGS/${visible}`)).text).toContain('Talks in Kirkenes');
    for (const path of [
      `/meetings/${hidden}`,
      `/meetings/${hidden}/edit`,
      '/meetings/99999',
      '/meetings/7x',
      '/meetings/0',
      '/meetings/1/nothing',
    ]) {
      const res = await agent.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Secret talks');
    }
  });

  it('answers a non-admin restore with 403 before looking the record up, and changes nothing', async () => {
    const { agent } = await loginAs(t, { role: 'manager', clearance: 'confidential' });
    const deleted = await createMeeting(t.db, { title: 'Deleted talks', deleted: true });
    for (const path of [`/meetings/${deleted}/restore`, '/meetings/99999/restore', '/notes/99999/restore'])
      expect((await postForm(agent, path, {})).status).toBe(403);
    expect(await count(t.db, 'meetings WHERE deleted_at IS NULL')).toBe(0);
    expect(await count(t.db, 'audit_events')).toBe(0);
  });

  it('build links from the whole requested path, not the part after the mount point', async () => {
    const { agent } = await loginAs(t);
    await createCommitment(t.db);
    const page = await agent.get('/commitments?status=open');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/href="\/commitments\.csv\?status(=|&#x3D;)open"/);
    const csv = await agent.get('/commitments.csv?status=open');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
  });

  it('keeps the public routes on their prefixes outside the login: the password link and the calendar feed answer without a session', async () => {
    const link = await request(t.app).get('/password/not-a-token');
    expect(link.status).toBe(404);
    expect(link.text).toContain('Set your password');
    expect((await request(t.app).get('/calendar/not-a-token.ics')).status).toBe(404);
    expect((await request(t.app).get('/calendar')).status).toBe(303);
  });
});
