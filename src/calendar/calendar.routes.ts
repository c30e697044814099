import { Router } from 'express';
import type { AppContext } from '../app-context';
import { notFound } from '../web/errors';
import { createFeed, feedEvents, hasFeed, revokeFeed } from './calendar.service';
import { calendar } from './ical';
import { flash } from '../web/flash';

/** The feed itself is fetched by calendar programs without a session: the secret token is the key. */
export function calendarFeedRoutes({ db, config }: AppContext): Router {
  const router = Router();
  router.get('/:token.ics', async (req, res) => {
    const feed = await feedEvents(db, String(req.params.token), config);
    if (!feed) throw notFound('calendar');
    res.set('Cache-Control', 'private, max-age=300');
    res.type('text/calendar; charset=utf-8').send(calendar(feed.name, feed.events));
  });
  return router;
}

export function calendarRoutes({ db, config }: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.render('calendar/index', { title: 'Calendar feed', hasFeed: await hasFeed(db, req.user!.id) });
  });
  router.post('/feed', async (req, res) => {
    const token = await createFeed(db, req.user!.id);
    res.render('calendar/index', {
      title: 'Calendar feed',
      hasFeed: true,
      feedUrl: `${config.appUrl}/calendar/${token}.ics`,
    });
  });
  router.post('/feed/delete', async (req, res) => {
    await revokeFeed(db, req.user!.id);
    flash(req, 'info', 'Your calendar feed address no longer works.');
    res.redirect(303, '/calendar');
  });
  return router;
}
