import type { Request, RequestHandler, Response, NextFunction, Router } from 'express';
import type { AppContext } from './app-context';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { ministriesRoutes } from './ministries/ministries.routes';
import { officialsRoutes } from './officials/officials.routes';
import { negotiationsRoutes } from './negotiations/negotiations.routes';
import { meetingsRoutes } from './meetings/meetings.routes';
import { notesRoutes } from './notes/notes.routes';
import { agreementsRoutes } from './agreements/agreements.routes';
import { commitmentsRoutes } from './commitments/commitments.routes';
import { suggestRoutes } from './suggest/suggest.routes';
import { searchRoutes } from './search/search.routes';
import { briefsRoutes } from './briefs/briefs.routes';
import { calendarRoutes } from './calendar/calendar.routes';
import { adminUsersRoutes } from './admin/users.routes';
import { outboxRoutes } from './admin/outbox.routes';
import { accountRoutes } from './account/account.routes';
import { pickersRoutes } from './pickers/pickers.routes';

/** Every domain's routes, mounted behind requireLogin; each *.routes.ts lists its own paths. */
export function routers(ctx: AppContext): Router[] {
  return [
    dashboardRoutes(ctx),
    ministriesRoutes(ctx),
    officialsRoutes(ctx),
    negotiationsRoutes(ctx),
    meetingsRoutes(ctx),
    notesRoutes(ctx),
    agreementsRoutes(ctx),
    // Before the commitments' routes, whose /commitments/:id would take /commitments/suggest.
    suggestRoutes(ctx),
    commitmentsRoutes(ctx),
    searchRoutes(ctx),
    briefsRoutes(ctx),
    calendarRoutes(ctx),
    adminUsersRoutes(ctx),
    outboxRoutes(ctx),
    accountRoutes(ctx),
    pickersRoutes(ctx),
  ];
}

type Layer = { route?: { path: unknown } };

/**
 * The domain routers behind one dispatch on the path's first segment (`/commitments/7/edit` →
 * `commitments`, case-insensitive as Express's routing is). Mounted one after another, every
 * request was matched against the patterns of each router before it in turn, some seventy in
 * all. Every route path must be a string, so its segment is known at start-up. The routers'
 * layers stay visible as `stack`, where tools listing the app's routes look for them.
 */
export function dispatchByFirstSegment(domainRouters: Router[]): RequestHandler & { stack: Layer[] } {
  const bySegment = new Map<string, Router[]>();
  for (const router of domainRouters) {
    for (const layer of router.stack as Layer[]) {
      const path = layer.route?.path;
      if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`Only string route paths can be dispatched, found ${String(path)}`);
      const segment = path.split('/')[1].toLowerCase();
      const list = bySegment.get(segment) ?? [];
      if (!list.includes(router)) list.push(router);
      bySegment.set(segment, list);
    }
  }
  const dispatch = (req: Request, res: Response, next: NextFunction) => {
    const candidates = bySegment.get(req.path.split('/')[1].toLowerCase());
    if (!candidates) return next();
    let i = 0;
    const step = (err?: unknown) => {
      if (err || i === candidates.length) return next(err);
      candidates[i++](req, res, step);
    };
    step();
  };
  return Object.assign(dispatch, { stack: domainRouters.flatMap((r) => r.stack as Layer[]) });
}
