import 'reflect-metadata';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { createUser, PASSWORD } from './factories';

export interface TestApp {
  app: Express;
  db: DataSource;
  config: Config;
}

// TypeORM's own tables: the applied migrations and the generated columns' expressions.
const KEEP = new Set(['migrations', 'typeorm_metadata']);

/** Starts the real app on this worker's database; tables are emptied before each test. */
export function useApp(overrides: Partial<Config> = {}): TestApp {
  const ctx = {} as TestApp;
  let close: () => void = () => {};
  beforeAll(async () => {
    ctx.config = { ...loadConfig(), nodeEnv: 'test', logLevel: 'silent', ...overrides };
    ctx.db = createDataSource(ctx.config.databaseUrl!, { max: 4 });
    await ctx.db.initialize();
    const created = createApp({
      db: ctx.db,
      config: ctx.config,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      sessionSecret: 'test-secret-'.repeat(4),
    });
    ctx.app = created.app;
    ctx.app.set('view cache', true); // as in production; compiling every template per request triples the suite's time
    close = created.close;
  });
  beforeEach(() => truncateAll(ctx.db));
  afterAll(async () => {
    close();
    await ctx.db?.destroy();
  });
  return ctx;
}

export async function truncateAll(db: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (tables.length) await db.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** The synchronizer token of the agent's session, read from a page's form. */
export async function csrfToken(agent: request.Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`No CSRF token on ${path} (status ${res.status})`);
  return match[1];
}

/** Fetches the login form's token first: a supertest agent attaches its cookies when the request is created. */
export async function submitLogin(agent: request.Agent, fields: Record<string, unknown>): Promise<request.Response> {
  const token = await csrfToken(agent);
  return agent
    .post('/login')
    .type('form')
    .send({ _csrf: token, ...fields });
}

/** A new user (staff with restricted clearance unless overridden) and an agent logged in as them. */
export async function loginAs(
  t: TestApp,
  overrides: Parameters<typeof createUser>[1] = {},
): Promise<{ user: Awaited<ReturnType<typeof createUser>>; agent: request.Agent }> {
  const user = await createUser(t.db, { role: 'staff', clearance: 'restricted', ...overrides });
  return { user, agent: await login(t.app, user.email, PASSWORD) };
}

/** loginAs's agent alone, for tests that need no more of the user. */
export async function agentAs(t: TestApp, overrides: Parameters<typeof createUser>[1] = {}): Promise<request.Agent> {
  return (await loginAs(t, overrides)).agent;
}

export async function login(app: Express, email: string, password: string): Promise<request.Agent> {
  const agent = request.agent(app);
  const token = await csrfToken(agent);
  const res = await agent.post('/login').type('form').send({ _csrf: token, email, password });
  if (res.status !== 303) throw new Error(`Login as ${email} failed with ${res.status}`);
  return agent;
}

/** Posts a form with the agent's CSRF token taken from `formPath`. */
export async function postForm(
  agent: request.Agent,
  path: string,
  fields: Record<string, unknown>,
  formPath = '/',
): Promise<request.Response> {
  const token = await csrfToken(agent, formPath);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...fields });
}

export async function count(db: DataSource, table: string): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}
