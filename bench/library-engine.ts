// The library's way, for bench/engines only: an Express view engine with express-handlebars@7's
// semantics (express-handlebars itself is not installed). Per render, as ExpressHandlebars.renderView
// does with `cache` on: the partials directory's file list and every partial's compiled template
// are looked up through cached promises, the view is rendered with the partials passed in the
// runtime options (not registered), then the layout with `body`.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';

type Callback = (err: Error | null, html?: string) => void;

export function libraryEngine(viewsDir: string, helpers: Record<string, Handlebars.HelperDelegate>) {
  const env = Handlebars.create();
  const partialsDir = path.join(viewsDir, 'partials');
  const layoutsDir = path.join(viewsDir, 'layouts');
  const compiled = new Map<string, Promise<Handlebars.TemplateDelegate>>();
  const dirs = new Map<string, Promise<string[]>>();

  const template = (file: string, cache: boolean) => {
    const resolved = path.resolve(file);
    let found = cache ? compiled.get(resolved) : undefined;
    if (!found) {
      found = readFile(resolved, 'utf8').then((source) => env.compile(source.trim()));
      if (cache) compiled.set(resolved, found);
    }
    return found;
  };
  const files = (dir: string, cache: boolean) => {
    let found = cache ? dirs.get(dir) : undefined;
    if (!found) {
      found = readdir(dir, { recursive: true, encoding: 'utf8' }).then((names) => names.filter((n) => n.endsWith('.hbs')));
      if (cache) dirs.set(dir, found);
    }
    return found;
  };
  async function partials(cache: boolean): Promise<Record<string, Handlebars.TemplateDelegate>> {
    const names = await files(partialsDir, cache);
    const templates = await Promise.all(names.map((n) => template(path.join(partialsDir, n), cache)));
    return Object.fromEntries(names.map((n, i) => [n.slice(0, -'.hbs'.length).split(path.sep).join('/'), templates[i]]));
  }

  return (filePath: string, locals: object, callback: Callback): void => {
    const options = locals as Record<string, unknown> & { cache?: boolean };
    const cache = Boolean(options.cache);
    const runtime = async () => ({ helpers, partials: await partials(cache), data: {} });
    (async () => {
      const [view, viewRuntime] = await Promise.all([template(filePath, cache), runtime()]);
      const body = view(options, viewRuntime);
      const [layout, layoutRuntime] = await Promise.all([template(path.join(layoutsDir, 'main.hbs'), cache), runtime()]);
      return layout({ ...options, body }, layoutRuntime);
    })().then(
      (html) => callback(null, html),
      (err: unknown) => callback(err as Error),
    );
  };
}
