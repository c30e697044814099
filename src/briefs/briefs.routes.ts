import { Router } from 'express';
import type { AppContext } from '../app-context';
import { notFound } from '../web/errors';
import { idParam } from '../web/forms';
import { scopeOf } from '../web/records';
import { brief, ministryCounterpart, officialCounterpart } from './briefs.service';

export function briefsRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/ministries/:id/brief', async (req, res) => {
    const who = await ministryCounterpart(db, idParam(req));
    if (!who) throw notFound('ministry');
    res.render('briefs/show', { title: `Brief: ${who.name}`, who, back: `/ministries/${who.id}`, today: new Date(), ...(await brief(db, scopeOf(req.user!), who)) });
  });

  router.get('/officials/:id/brief', async (req, res) => {
    const who = await officialCounterpart(db, idParam(req));
    if (!who) throw notFound('official');
    res.render('briefs/show', { title: `Brief: ${who.name}`, who, back: `/officials/${who.id}`, today: new Date(), ...(await brief(db, scopeOf(req.user!), who)) });
  });

  return router;
}
