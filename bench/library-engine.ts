// The library's way, for bench/engines only: express-handlebars 7 configured as the app would use
// it (layout `main`, partials named by their path under views/partials, the app's helpers).
import path from 'node:path';
import { create } from 'express-handlebars';
import type Handlebars from 'handlebars';

type Callback = (err: unknown, html?: string) => void;

export function libraryEngine(viewsDir: string, helpers: Record<string, Handlebars.HelperDelegate>) {
  const { engine } = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers,
  });
  // Given a callback, the engine reports every outcome to it; its promise only mirrors that.
  return (file: string, options: object, callback: Callback): void => void engine(file, options, callback);
}
