import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

type Template = Handlebars.TemplateDelegate;
type Callback = (err: Error | null, html?: string) => void;

interface Templates {
  layout: Template;
  views: Map<string, Template>;
  env: typeof Handlebars;
}

/**
 * The Express view engine: Handlebars, each view rendered into `views/layouts/main.hbs` as
 * `{{{body}}}`, every file under `views/partials` registered by its path without the extension
 * (`commitments/status-badge`).
 *
 * With Express's `view cache` on (production) everything is compiled once and a render is two
 * template calls. Off (development and tests), templates are read afresh on each render, so an
 * edited view shows without a restart. It stands in for express-handlebars 7, whose per-render
 * lookups of every partial (a promise and a path resolution each) cost 16 % of the
 * open-commitments page's throughput measured side by side (`npm run bench:engines`, README).
 */
export function handlebarsEngine(viewsDir: string, helpers: Record<string, Handlebars.HelperDelegate>) {
  const compile = (file: string, env: typeof Handlebars) => env.compile(readFileSync(file, 'utf8').trim());

  function load(): Templates {
    const env = Handlebars.create();
    env.registerHelper(helpers);
    const partialsDir = path.join(viewsDir, 'partials');
    for (const file of readdirSync(partialsDir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.hbs')) continue;
      const name = file.slice(0, -'.hbs'.length).split(path.sep).join('/');
      env.registerPartial(name, compile(path.join(partialsDir, file), env));
    }
    return { env, layout: compile(path.join(viewsDir, 'layouts', 'main.hbs'), env), views: new Map() };
  }

  let cached: Templates | undefined;

  return (filePath: string, locals: object, callback: Callback): void => {
    const options = locals as Record<string, unknown>;
    try {
      const templates = options.cache ? (cached ??= load()) : load();
      let view = templates.views.get(filePath);
      if (!view) {
        view = compile(filePath, templates.env);
        if (options.cache) templates.views.set(filePath, view);
      }
      // The sources are trimmed when compiled, not the output: trimming a page copies all of it.
      callback(null, templates.layout({ ...options, body: view(options) }));
    } catch (err) {
      callback(err as Error);
    }
  };
}
