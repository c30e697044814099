import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { runQuery } from './db/prepared';
import { configurePassport } from './auth/passport';
import { absoluteLifetime, sessionMiddleware, sessionSavedAroundWrites } from './auth/session';
import { authRoutes } from './auth/auth.routes';
import { requireLogin } from './auth/guards';
import { csrfProtection, exposeCsrfToken } from './web/csrf';
import { exposeFlash } from './web/flash';
import { requestLog } from './web/request-log';
import { classificationMarking } from './web/marking';
import { rejectMalformedHost } from './web/host';
import { errorHandler, notFoundHandler } from './web/errors';
import { healthz } from './web/health';
import { viewHelpers } from './web/view-helpers';
import { handlebarsEngine } from './web/view-engine';
import { mountRouters } from './routers';
import { exposeScope } from './web/request-records';
import { calendarFeedRoutes } from './calendar/calendar.routes';
import { ROOT } from './paths';
import { configureMail } from './mail/notices';
import { mailLinkRoutes, passwordLinkRoutes } from './account/public.routes';
import type { AppContext } from './app-context';
import { suggestUpload } from './suggest/upload';

// Re-exported so code written against the old location still compiles.
export type { AppContext } from './app-context';

export function createApp(ctx: AppContext): { app: Express; close: () => void } {
  const { db, config, logger } = ctx;
  configureMail(config);
  const app = express();
  app.disable('x-powered-by');
  // Signed-in pages are Cache-Control: no-store, so an ETag (a hash of every page) buys nothing.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'extended');
  app.engine('hbs', handlebarsEngine(path.join(ROOT, 'views'), viewHelpers(config.appTimeZone)));
  app.set('view engine', 'hbs');
  app.set('views', path.join(ROOT, 'views'));
  app.set('view cache', config.nodeEnv === 'production');

  app.use(requestLog(logger));
  app.use(rejectMalformedHost);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          fontSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.use(
    '/assets/bootstrap',
    express.static(path.join(ROOT, 'node_modules', 'bootstrap', 'dist'), { maxAge: '7d', index: false }),
  );
  app.use(
    '/assets/tom-select',
    express.static(path.join(ROOT, 'node_modules', 'tom-select', 'dist'), { maxAge: '7d', index: false }),
  );
  app.use('/assets', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  app.get('/healthz', healthz(db));

  // A text to read may be 200,000 characters (several times that URL-encoded): its own, larger limit.
  app.use('/commitments/suggest', express.urlencoded({ extended: true, limit: '3mb', parameterLimit: 5_000 }));
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 2_000 }));
  const sessions = sessionMiddleware({ query: (query) => runQuery(db, query) }, config, ctx.sessionSecret, logger);
  const passport = configurePassport(db, logger);
  app.use(sessions.middleware);
  app.use(passport.session());
  app.use(absoluteLifetime(config));
  app.use(exposeCsrfToken, exposeFlash, (req, res, next) => {
    res.locals.currentUser = req.user;
    res.locals.isManager = req.user && req.user.role !== 'staff';
    res.locals.isAdmin = req.user?.role === 'admin';
    res.locals.path = req.path;
    next();
  });
  // One-click unsubscribe is posted by mail programs (RFC 8058): the signed link is the credential.
  app.use('/mail', mailLinkRoutes(ctx));
  app.use(suggestUpload);
  app.use(csrfProtection);
  app.use(classificationMarking);
  app.use(authRoutes(db, config, passport));
  app.use('/password', passwordLinkRoutes(ctx));
  app.use('/calendar', calendarFeedRoutes(ctx));
  app.use(requireLogin);
  app.use(sessionSavedAroundWrites);
  app.use(exposeScope);
  mountRouters(app, ctx);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, close: sessions.close };
}
