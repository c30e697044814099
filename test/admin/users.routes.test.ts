import request from 'supertest';
import { count, csrfToken, login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { csrfIn } from '../support/form-html';

const t = useApp();

const audits = async (id: number) =>
  t.db.query(`SELECT action, changes FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [
    id,
  ]);

describe('/admin/users', () => {
  it('answers 403 to staff and managers, and refuses a POST without the CSRF token', async () => {
    const target = await createUser(t.db, { role: 'staff' });
    for (const role of ['staff', 'manager'] as const) {
      const user = await createUser(t.db, { role });
      const agent = await login(t.app, user.email, PASSWORD);
      expect((await agent.get('/admin/users')).status).toBe(403);
      expect((await postForm(agent, `/admin/users/${target.id}/disable`, {})).status).toBe(403);
    }
    const admin = await createUser(t.db, { role: 'admin' });
    const agent = await login(t.app, admin.email, PASSWORD);
    await csrfToken(agent, '/admin/users');
    expect((await agent.post(`/admin/users/${target.id}/disable`).type('form').send({})).status).toBe(403);
    expect((await t.db.query(`SELECT disabled FROM users WHERE id = $1`, [target.id]))[0].disabled).toBe(false);
  });

  it('adds a user with a one-time link that sets the password once, audited', async () => {
    const admin = await createUser(t.db, { role: 'admin' });
    const agent = await login(t.app, admin.email, PASSWORD);
    const res = await postForm(
      agent,
      '/admin/users',
      { email: 'New@Example.test', name: 'Nina New', role: 'manager', clearance: 'restricted' },
      '/admin/users/new',
    );
    expect(res.status).toBe(201);
    const link = /value="http:\/\/localhost:\d+(\/password\/[A-Za-z0-9_-]{43})"/.exec(res.text)![1];
    const [user] = await t.db.query(
      `SELECT id, email, role, clearance, password_token_hash AS hash FROM users WHERE email = 'new@example.test'`,
    );
    expect(user).toMatchObject({ role: 'manager', clearance: 'restricted' });
    expect(user.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(user.hash).not.toContain(link.split('/').pop());
    expect((await audits(user.id))[0].action).toBe('create');
    expect(
      (
        await postForm(
          agent,
          '/admin/users',
          { email: 'new@example.test', name: 'X', role: 'staff', clearance: 'restricted' },
          '/admin/users/new',
        )
      ).status,
    ).toBe(422);

    const visitor = request.agent(t.app);
    const form = await visitor.get(link);
    expect(form.status).toBe(200);
    const token = csrfIn(form.text);
    expect(
      (await visitor.post(link).type('form').send({ _csrf: token, password: 'short', repeatPassword: 'short' })).status,
    ).toBe(422);
    expect(
      (
        await visitor
          .post(link)
          .type('form')
          .send({ _csrf: token, password: 'a long new password', repeatPassword: 'a long new password' })
      ).status,
    ).toBe(200);
    expect((await visitor.get(link)).status).toBe(404);
    await login(t.app, 'new@example.test', 'a long new password');
  });

  it('changes role and clearance, disables (ending the user’s session at once) and enables, each audited', async () => {
    const admin = await createUser(t.db, { role: 'admin' });
    const target = await createUser(t.db, { role: 'staff', clearance: 'unclassified' });
    const agent = await login(t.app, admin.email, PASSWORD);
    const victim = await login(t.app, target.email, PASSWORD);
    expect((await victim.get('/commitments')).status).toBe(200);

    expect(
      (await postForm(agent, `/admin/users/${target.id}`, { role: 'manager', clearance: 'confidential' })).status,
    ).toBe(303);
    expect((await postForm(agent, `/admin/users/${target.id}/disable`, {})).status).toBe(303);
    expect((await victim.get('/commitments')).headers.location).toMatch(/^\/login/);
    expect(
      await t.db.query(`SELECT count(*)::int AS n FROM sessions WHERE sess -> 'passport' ->> 'user' = $1`, [
        String(target.id),
      ]),
    ).toEqual([{ n: 0 }]);
    expect((await postForm(agent, `/admin/users/${target.id}/enable`, {})).status).toBe(303);
    const [row] = await t.db.query(`SELECT role, clearance, disabled FROM users WHERE id = $1`, [target.id]);
    expect(row).toEqual({ role: 'manager', clearance: 'confidential', disabled: false });
    const events = await audits(target.id);
    expect(events.map((e: { changes: object }) => Object.keys(e.changes).sort().join())).toEqual([
      'clearance,role',
      'disabled',
      'disabled',
    ]);
    const reset = await postForm(agent, `/admin/users/${target.id}/password-link`, {});
    expect(reset.status).toBe(200);
    expect(reset.text).toMatch(/\/password\/[A-Za-z0-9_-]{43}/);
  });

  it('refuses to let an admin disable or demote themselves, or the last admin (403, nothing changed)', async () => {
    const admin = await createUser(t.db, { role: 'admin' });
    const agent = await login(t.app, admin.email, PASSWORD);
    const before = await count(t.db, 'audit_events');
    const self = await postForm(agent, `/admin/users/${admin.id}/disable`, {});
    expect(self.status).toBe(403);
    expect(self.text).toContain('cannot disable or demote yourself');
    expect(
      (await postForm(agent, `/admin/users/${admin.id}`, { role: 'staff', clearance: 'confidential' })).status,
    ).toBe(403);
    // Another admin, disabled: the remaining active one is still the last.
    const other = await createUser(t.db, { role: 'admin' });
    const otherAgent = await login(t.app, other.email, PASSWORD);
    await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [other.id]);
    await t.db.query(`UPDATE users SET disabled = false WHERE id = $1`, [other.id]);
    expect(
      (await postForm(otherAgent, `/admin/users/${admin.id}`, { role: 'staff', clearance: 'confidential' })).status,
    ).toBe(303);
    const last = await postForm(agent, `/admin/users/${other.id}/disable`, {});
    expect(last.status).toBe(403);
    expect(await t.db.query(`SELECT role, disabled FROM users WHERE id = $1`, [other.id])).toEqual([
      { role: 'admin', disabled: false },
    ]);
    expect(await count(t.db, 'audit_events')).toBe(before + 1);
  });

  it('filters the list by words, role and state', async () => {
    const admin = await createUser(t.db, { role: 'admin', name: 'Ada Admin' });
    await createUser(t.db, { role: 'staff', name: 'Sven Staff', disabled: true });
    const agent = await login(t.app, admin.email, PASSWORD);
    const res = await agent.get('/admin/users?q=sven&state=disabled');
    expect(res.text).toContain('Sven Staff');
    expect(res.text).not.toContain(`href="/admin/users/${admin.id}"`);
    expect((await agent.get('/admin/users?role=king')).status).toBe(400);
  });
});

describe('/account', () => {
  it('changes the name, the mail preferences, and the password only with the current one', async () => {
    const user = await createUser(t.db, { role: 'staff' });
    const agent = await login(t.app, user.email, PASSWORD);
    expect((await agent.get('/account')).status).toBe(200);
    expect((await postForm(agent, '/account/name', { name: 'Åse Ødegård' }, '/account')).status).toBe(303);
    expect((await postForm(agent, '/account/mail', { summaries: 'weekly' }, '/account')).status).toBe(303);
    expect(await t.db.query(`SELECT name, summaries, notices FROM users WHERE id = $1`, [user.id])).toEqual([
      { name: 'Åse Ødegård', summaries: 'weekly', notices: false },
    ]);
    expect((await postForm(agent, '/account/mail', { summaries: 'hourly' }, '/account')).status).toBe(422);
    const wrong = await postForm(
      agent,
      '/account/password',
      {
        currentPassword: 'not it at all',
        newPassword: 'another long password',
        repeatPassword: 'another long password',
      },
      '/account',
    );
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('not your current password');
    expect(
      (
        await postForm(
          agent,
          '/account/password',
          { currentPassword: PASSWORD, newPassword: 'another long password', repeatPassword: 'another long password' },
          '/account',
        )
      ).status,
    ).toBe(303);
    await login(t.app, user.email, 'another long password');
  });
});
