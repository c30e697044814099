import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { handlebarsEngine } from '../../src/web/view-engine';

function views(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'demarche-views-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** An Express app set up as src/app.ts sets up the real one, over a views directory of the test's own. */
function appOver(dir: string, helpers: Parameters<typeof handlebarsEngine>[1], cache: boolean) {
  const app = express();
  app.engine('hbs', handlebarsEngine(dir, helpers));
  app.set('view engine', 'hbs');
  app.set('views', dir);
  app.set('view cache', cache);
  app.get('/:view', (req, res) => res.render(req.params.view, { title: 'T', name: '<Lavrov>' }));
  return app;
}

describe('the view engine (express-handlebars as the app configures it)', () => {
  let dir: string;
  beforeEach(() => {
    dir = views({
      'layouts/main.hbs': '<title>{{title}}</title><main>{{{body}}}</main>',
      'partials/things/badge.hbs': '<b>{{shout label}}</b>',
      'page.hbs': '{{> things/badge label=name}} {{name}}',
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a view into the layout with partials named by their path and the helpers, escaping what it prints', async () => {
    const res = await request(appOver(dir, { shout: (s: unknown) => String(s).toUpperCase() }, true)).get('/page');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<title>T</title><main><b>&lt;LAVROV&gt;</b> &lt;Lavrov&gt;</main>');
  });

  it('compiles once with the view cache on, and rereads edited views with it off', async () => {
    const cached = appOver(dir, { shout: (s: unknown) => String(s) }, true);
    const fresh = appOver(dir, { shout: (s: unknown) => String(s) }, false);
    expect((await request(cached).get('/page')).text).toContain('<b>&lt;Lavrov&gt;</b>');
    writeFileSync(path.join(dir, 'page.hbs'), 'edited {{name}}');
    expect((await request(cached).get('/page')).text).toContain('<b>&lt;Lavrov&gt;</b>');
    expect((await request(fresh).get('/page')).text).toBe('<title>T</title><main>edited &lt;Lavrov&gt;</main>');
  });

  it('hands a template error to Express, which answers 500 without the template source', async () => {
    writeFileSync(path.join(dir, 'broken.hbs'), '{{#if}}');
    const app = appOver(dir, {}, true);
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send('Something went wrong'));
    const res = await request(app).get('/broken');
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('{{#if}}');
  });
});
