import { Router } from 'express';
import type { AppContext } from '../app';
import { scopeOf } from '../web/records';
import { dashboard } from './dashboard.service';

export function dashboardRoutes({ db, config }: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const data = await dashboard(db, scopeOf(req.user!), config.homeCountry);
    res.render('dashboard/index', { title: 'Dashboard', ...data });
  });
  return router;
}
