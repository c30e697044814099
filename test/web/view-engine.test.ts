import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { handlebarsEngine } from '../../src/web/view-engine';

function views(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'demarche-views-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const render = (engine: ReturnType<typeof handlebarsEngine>, file: string, locals: object) =>
  new Promise<string>((resolve, reject) => engine(file, locals, (err, html) => (err ? reject(err) : resolve(html!))));

describe('handlebarsEngine', () => {
  let dir: string;
  beforeEach(() => {
    dir = views({
      'layouts/main.hbs': '<title>{{title}}</title><main>{{{body}}}</main>\n',
      'partials/things/badge.hbs': '<b>{{shout label}}</b>',
      'page.hbs': '\n{{> things/badge label=name}} {{name}}\n',
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a view into the layout with nested partials and the helpers, escaping what it prints', async () => {
    const engine = handlebarsEngine(dir, { shout: (s: unknown) => String(s).toUpperCase() });
    const html = await render(engine, path.join(dir, 'page.hbs'), { title: 'T', name: '<Lavrov>', cache: true });
    expect(html).toBe('<title>T</title><main><b>&lt;LAVROV&gt;</b> &lt;Lavrov&gt;</main>');
  });

  it('compiles once with the view cache on, and rereads edited views with it off', async () => {
    const engine = handlebarsEngine(dir, { shout: (s: unknown) => String(s) });
    const file = path.join(dir, 'page.hbs');
    expect(await render(engine, file, { name: 'a', cache: true })).toContain('<b>a</b> a');
    writeFileSync(file, 'edited {{name}}');
    expect(await render(engine, file, { name: 'a', cache: true })).toContain('<b>a</b> a');
    expect(await render(engine, file, { name: 'a', cache: false })).toContain('<main>edited a</main>');
  });

  it('hands a template error to Express instead of throwing', async () => {
    writeFileSync(path.join(dir, 'broken.hbs'), '{{#if}}');
    const engine = handlebarsEngine(dir, {});
    await expect(render(engine, path.join(dir, 'broken.hbs'), {})).rejects.toThrow();
  });
});
