import { Router } from 'express';
import type { AppContext } from '../app-context';
import { notFound } from '../web/errors';
import { idParam } from '../web/forms';
import { scopeOf } from '../web/records';
import { appToday } from '../commitments/commitment-status';
import { brief, ministryCounterpart, officialCounterpart } from './briefs.service';

export function briefsRoutes({ db, config }: AppContext): Router {
  const router = Router();

  router.get('/ministries/:id/brief', async (req, res) => {
    const who = await ministryCounterpart(db, idParam(req));
    if (!who) throw notFound('ministry');
    res.render('briefs/show', { title: `Brief: ${who.name}`, who, back: `/ministries/${who.id}`, today: appToday(config), ...(await brief(db, scopeOf(req.user!), who, appToday(config))) });
  });

  router.get('/officials/:id/brief', async (req, res) => {
    const who = await officialCounterpart(db, idParam(req));
    if (!who) throw notFound('official');
    res.render('briefs/show', { title: `Brief: ${who.name}`, who, back: `/officials/${who.id}`, today: appToday(config), ...(await brief(db, scopeOf(req.user!), who, appToday(config))) });
  });

  return router;
}
