import { Router } from 'express';
import type { AppContext } from '../app-context';
import { queryString } from '../web/forms';
import { CANDIDATES, search } from './search.service';

export function searchRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = queryString(req, 'q', 200) ?? '';
    const groups = q ? await search(db, res.locals.scope, q) : [];
    res.render('search/index', {
      title: q ? `Search: ${q}` : 'Search',
      q,
      groups,
      searched: Boolean(q),
      candidates: CANDIDATES,
      total: groups.reduce((n, g) => n + g.hits.length, 0),
    });
  });
  return router;
}
