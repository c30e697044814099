import type { Express } from 'express';
import type { AppContext } from './app-context';
import { requireRole } from './auth/guards';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { ministriesRoutes } from './ministries/ministries.routes';
import { officialsRoutes } from './officials/officials.routes';
import { negotiationsRoutes } from './negotiations/negotiations.routes';
import { meetingsRoutes } from './meetings/meetings.routes';
import { notesRoutes } from './notes/notes.routes';
import { agreementsRoutes } from './agreements/agreements.routes';
import { commitmentsCsvRoutes, commitmentsRoutes } from './commitments/commitments.routes';
import { suggestRoutes } from './suggest/suggest.routes';
import { searchRoutes } from './search/search.routes';
import { ministryBriefRoutes, officialBriefRoutes } from './briefs/briefs.routes';
import { calendarRoutes } from './calendar/calendar.routes';
import { adminUsersRoutes } from './admin/users.routes';
import { outboxRoutes } from './admin/outbox.routes';
import { accountRoutes } from './account/account.routes';
import { pickersRoutes } from './pickers/pickers.routes';

/** The domains whose records are soft-deleted and restored. */
const RESTORABLE = ['ministries', 'officials', 'negotiations', 'meetings', 'notes', 'agreements', 'commitments'];

/**
 * Every signed-in domain's routes, each router mounted on its path prefix (Express matches the
 * prefix case-insensitively and the router sees the rest: `/meetings/7/edit` is `/:id/edit` in
 * meetings.routes.ts). Mounted behind requireLogin and exposeScope.
 */
export function mountRouters(app: Express, ctx: AppContext): void {
  // Only an administrator restores a deleted record. Checked here, before the domain routers'
  // `/:id` loaders, which would answer 404 for a deleted record the reader may no longer see.
  app.post(
    RESTORABLE.map((prefix) => `/${prefix}/:id/restore`),
    requireRole('admin'),
  );
  app.use('/ministries', ministriesRoutes(ctx), ministryBriefRoutes(ctx));
  app.use('/officials', officialsRoutes(ctx), officialBriefRoutes(ctx));
  app.use('/negotiations', negotiationsRoutes(ctx));
  app.use('/meetings', meetingsRoutes(ctx));
  app.use('/notes', notesRoutes(ctx));
  app.use('/agreements', agreementsRoutes(ctx));
  // The suggestions first: the commitments' /:id would take /commitments/suggest.
  app.use('/commitments', suggestRoutes(ctx), commitmentsRoutes(ctx));
  app.use('/commitments.csv', commitmentsCsvRoutes(ctx));
  app.use('/search', searchRoutes(ctx));
  app.use('/calendar', calendarRoutes(ctx));
  app.use('/admin/users', adminUsersRoutes(ctx));
  app.use('/admin/outbox', outboxRoutes(ctx));
  app.use('/account', accountRoutes(ctx));
  app.use('/pickers', pickersRoutes(ctx));
  app.use('/', dashboardRoutes(ctx));
}
