import { Router } from 'express';
import type { AppContext } from '../app-context';
import { appToday } from '../commitments/commitment-status';
import { aggregates, dashboard, forYou } from './dashboard.service';
import { TtlCache } from '../web/ttl-cache';

export function dashboardRoutes({ db, config }: AppContext): Router {
  const router = Router();
  // The chart and track record scan the whole record; they may lag by COUNTS_CACHE_SECONDS.
  const cache = new TtlCache<Awaited<ReturnType<typeof aggregates>>>(config.countsCacheSeconds * 1000);
  router.get('/', async (req, res) => {
    const scope = res.locals.scope;
    const today = appToday(config);
    const [data, mine] = await Promise.all([
      dashboard(
        db,
        scope,
        today,
        cache.get(scope.levels.join(), () => aggregates(db, scope, config.homeCountry)),
      ),
      forYou(db, scope, today),
    ]);
    res.render('dashboard/index', { title: 'Dashboard', ...data, mine, myId: scope.userId });
  });
  return router;
}
