import path from 'node:path';
import { create } from 'express-handlebars';
import type Handlebars from 'handlebars';

/**
 * The Express view engine: express-handlebars, each view rendered into `views/layouts/main.hbs`
 * as `{{{body}}}`, every file under `views/partials` a partial named by its path without the
 * extension (`commitments/status-badge`). With Express's `view cache` on (production) templates
 * are compiled once; off (development and tests), an edited view shows without a restart.
 */
export function handlebarsEngine(viewsDir: string, helpers: Record<string, Handlebars.HelperDelegate>) {
  const { engine } = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers,
  });
  // Given a callback, the engine reports every outcome, errors included, to it; its promise only
  // mirrors that, so it is left alone rather than handled twice.
  return (file: string, options: object, callback: (err: unknown, html?: string) => void): void => void engine(file, options, callback);
}
