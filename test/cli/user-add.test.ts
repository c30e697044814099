import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { count, submitLogin, useApp } from '../support/app';

const t = useApp();
const CLI = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'user-add.js');

function userAdd(args: string[], password?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: t.config.databaseUrl, DEMARCHE_PASSWORD: password };
    if (password === undefined) delete env.DEMARCHE_PASSWORD;
    execFile(process.execPath, [CLI, ...args], { env, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run user:add', () => {
  it('adds a user who can then log in', async () => {
    const result = await userAdd(
      ['--email', 'Aas@Justice.test', '--name', 'Thor Arne Aas', '--role', 'manager', '--clearance', 'restricted'],
      'a long enough password',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added manager aas@justice.test');
    const [row] = await t.db.query(
      `SELECT name, role, clearance, disabled FROM users WHERE email = 'aas@justice.test'`,
    );
    expect(row).toEqual({ name: 'Thor Arne Aas', role: 'manager', clearance: 'restricted', disabled: false });
    const agent = request.agent(t.app);
    const res = await submitLogin(agent, { email: 'aas@justice.test', password: 'a long enough password' });
    expect(res.status).toBe(303);
    expect(await count(t.db, `audit_events WHERE entity_type = 'user' AND action = 'create'`)).toBe(1);
  });

  it.each([
    [['--email', 'x@y.test', '--name', 'X', '--role', 'emperor'], 'a long enough password', /Role must be one of/],
    [['--email', 'not-an-email', '--name', 'X', '--role', 'staff'], 'a long enough password', /valid email/],
    [['--email', 'x@y.test', '--name', 'X', '--role', 'staff'], 'short', /at least 12/],
    [
      ['--email', 'x@y.test', '--email', 'z@y.test', '--name', 'X', '--role', 'staff'],
      'a long enough password',
      /given twice/,
    ],
    [['--email', 'x@y.test', '--name', 'X', '--role', 'staff'], undefined, /DEMARCHE_PASSWORD/],
  ])('refuses %j with a clear message and adds nobody', async (args, password, message) => {
    const result = await userAdd(args, password);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(await count(t.db, 'users')).toBe(0);
  });

  it('refuses a duplicate email, whatever its case', async () => {
    await userAdd(
      ['--email', 'lavrov@mid.test', '--name', 'Сергей Лавров', '--role', 'staff'],
      'a long enough password',
    );
    const again = await userAdd(
      ['--email', 'LAVROV@mid.test', '--name', 'Other', '--role', 'staff'],
      'a long enough password',
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
    const rows = await t.db.query(`SELECT name FROM users`);
    expect(rows).toEqual([{ name: 'Сергей Лавров' }]);
  });
});
