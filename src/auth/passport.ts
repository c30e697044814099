import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { decoyHash, verifyPassword } from './passwords';
import { findActiveUser, findForLogin, type SessionUser } from './users.service';
import type { IncomingMessage } from 'node:http';

// eslint-disable-next-line no-control-regex -- control characters are what the login form refuses
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export const LOGIN_FAILED = 'Incorrect email or password.';

export function configurePassport(db: DataSource, log: Logger): passport.Authenticator {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        // passport-local wants a callback returning void: the promise is settled here, every error handed to done.
        void (async () => {
          try {
            // PostgreSQL refuses text with NUL bytes; no address holds a control character anyway.
            const user =
              typeof email === 'string' && email.length <= 254 && !CONTROL_CHARACTERS.test(email.trim())
                ? await findForLogin(db, email.trim())
                : undefined;
            const ok = user
              ? await verifyPassword(user.passwordHash, password)
              : await verifyPassword(await decoyHash(), password);
            const success = Boolean(user && ok && !user.disabled);
            (req.log ?? log).info(
              { event: 'login', email: String(email).slice(0, 254), ip: req.ip, success },
              success ? 'login succeeded' : 'login failed',
            );
            if (!user || !success) return done(null, false, { message: LOGIN_FAILED });
            const { id, email: address, name, role, clearance } = user;
            return done(null, { id, email: address, name, role, clearance });
          } catch (err) {
            return done(err);
          }
        })();
      },
    ),
  );
  // What the session keeps of a user: the id. The user is read afresh with the session on every
  // request (src/auth/session-store.ts), so a disabled user or a changed clearance applies at once.
  instance.serializeUser((user, done) => done(null, String(user.id)));
  instance.deserializeUser(
    (req: IncomingMessage, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
      const row = req.sessionRow;
      if (row && row.sid === (req as IncomingMessage & { sessionID?: string }).sessionID)
        return done(null, row.user ?? false);
      if (!/^\d{1,10}$/.test(id)) return done(null, false);
      findActiveUser(db, Number(id)).then((user) => done(null, user ?? false), done);
    },
  );
  return instance;
}
