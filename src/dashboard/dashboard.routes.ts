import { Router } from 'express';
import type { AppContext } from '../app';

export function dashboardRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [counts] = await db.query(
      `SELECT (SELECT count(*) FROM ministries WHERE deleted_at IS NULL)::int AS ministries,
              (SELECT count(*) FROM officials WHERE deleted_at IS NULL)::int AS officials`,
    );
    res.render('dashboard/index', { title: 'Dashboard', counts });
  });
  return router;
}
