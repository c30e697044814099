import type { Router } from 'express';
import type { AppContext } from './app';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { ministriesRoutes } from './ministries/ministries.routes';
import { officialsRoutes } from './officials/officials.routes';
import { negotiationsRoutes } from './negotiations/negotiations.routes';
import { meetingsRoutes } from './meetings/meetings.routes';
import { notesRoutes } from './notes/notes.routes';
import { agreementsRoutes } from './agreements/agreements.routes';
import { commitmentsRoutes } from './commitments/commitments.routes';
import { searchRoutes } from './search/search.routes';
import { briefsRoutes } from './briefs/briefs.routes';
import { calendarRoutes } from './calendar/calendar.routes';

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
    commitmentsRoutes(ctx),
    searchRoutes(ctx),
    briefsRoutes(ctx),
    calendarRoutes(ctx),
  ];
}
