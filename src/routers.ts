import type { Router } from 'express';
import type { AppContext } from './app';
import { dashboardRoutes } from './dashboard/dashboard.routes';

/** Every domain's routes, mounted behind requireLogin; each *.routes.ts lists its own paths. */
export function routers(ctx: AppContext): Router[] {
  return [dashboardRoutes(ctx)];
}
