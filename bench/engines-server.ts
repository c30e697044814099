// One variant of the app for bench/engines: VIEW_ENGINE=custom|library, PG_CLIENT=dropping|plain,
// APP_DIST=<a build's dist directory> (another build of the app, e.g. the first-segment
// dispatcher's, to compare routing). NODE_ENV=production settings; used by bench/engines only.
import 'reflect-metadata';
import path from 'node:path';
import pg from 'pg';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { libraryEngine } from './library-engine';

interface AppModules {
  createApp: (ctx: object) => { app: Express };
  createDataSource: (url: string, settings?: object) => DataSource;
  loadConfig: () => { appTimeZone: string } & Record<string, unknown>;
  createLogger: (level: string) => unknown;
  viewHelpers: (timeZone: string) => Record<string, Handlebars.HelperDelegate>;
  ROOT: string;
}
import type Handlebars from 'handlebars';

const dist = path.resolve(process.env.APP_DIST ?? path.join(__dirname, '..'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build to load is chosen at run time
const load = (file: string) => require(path.join(dist, 'src', file)) as Record<string, unknown>;
const m = {
  ...load('app.js'),
  ...load('db/data-source.js'),
  ...load('config.js'),
  ...load('logger.js'),
  ...load('web/view-helpers.js'),
  ...load('paths.js'),
} as unknown as AppModules;

async function main() {
  const config = { ...m.loadConfig(), nodeEnv: 'production', logLevel: 'silent' };
  const db = m.createDataSource(process.env.DATABASE_URL!);
  if (process.env.PG_CLIENT === 'plain')
    db.setOptions({ extra: { ...(db.options.extra as object), Client: pg.Client } });
  await db.initialize();
  const { app } = m.createApp({
    db,
    config,
    logger: m.createLogger('silent'),
    sessionSecret: 'bench-secret-'.repeat(4),
  });
  app.set('view cache', true);
  if (process.env.VIEW_ENGINE === 'library')
    app.engine('hbs', libraryEngine(path.join(m.ROOT, 'views'), m.viewHelpers(config.appTimeZone)));
  app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
