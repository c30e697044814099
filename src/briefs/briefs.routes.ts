import { Router } from 'express';
import type { AppContext } from '../app-context';
import { notFound } from '../web/errors';
import { idParam } from '../web/forms';
import { appToday } from '../commitments/commitment-status';
import { brief, ministryCounterpart, officialCounterpart } from './briefs.service';

/** A ministry's brief, mounted under /ministries beside the ministry's own routes. */
export function ministryBriefRoutes({ db, config }: AppContext): Router {
  const router = Router();
  router.get('/:id/brief', async (req, res) => {
    const who = await ministryCounterpart(db, idParam(req));
    if (!who) throw notFound('ministry');
    res.render('briefs/show', {
      title: `Brief: ${who.name}`,
      who,
      back: `/ministries/${who.id}`,
      today: appToday(config),
      ...(await brief(db, res.locals.scope, who, appToday(config))),
    });
  });
  return router;
}

/** An official's brief, mounted under /officials beside the official's own routes. */
export function officialBriefRoutes({ db, config }: AppContext): Router {
  const router = Router();
  router.get('/:id/brief', async (req, res) => {
    const who = await officialCounterpart(db, idParam(req));
    if (!who) throw notFound('official');
    res.render('briefs/show', {
      title: `Brief: ${who.name}`,
      who,
      back: `/officials/${who.id}`,
      today: appToday(config),
      ...(await brief(db, res.locals.scope, who, appToday(config))),
    });
  });
  return router;
}
