import { Router } from 'express';
import type { AppContext } from '../app-context';
import { passwordLinkUser, usePasswordLink } from '../auth/password-links';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { setPreferences } from '../auth/user-admin.service';
import { linkSecret, verifyUnsubscribeToken, type UnsubscribeKind } from '../mail/links';
import { notFound } from '../web/errors';

const WHAT: Record<UnsubscribeKind, string> = {
  summary: 'commitment summaries',
  digest: 'the weekly digest',
  assignment: 'notices of commitments assigned to you',
};
const OFF: Record<UnsubscribeKind, { summaries?: string; digest?: boolean; notices?: boolean }> = {
  summary: { summaries: 'never' },
  digest: { digest: false },
  assignment: { notices: false },
};

/**
 * The signed one-click link in every mail. GET shows a button (mail scanners follow links, and
 * must not unsubscribe anyone); POST turns that kind of mail off. Mail programs POST it themselves
 * (RFC 8058 List-Unsubscribe-Post), without a session or a CSRF token: the signature is the key.
 */
export function mailLinkRoutes({ db }: AppContext): Router {
  const router = Router();
  const check = async (token: string) => {
    const found = verifyUnsubscribeToken(await linkSecret(db), token);
    if (!found) throw notFound('link');
    return found;
  };
  router.get('/unsubscribe/:token', async (req, res) => {
    const { kind } = await check(String(req.params.token));
    res.set('Cache-Control', 'no-store');
    res.render('account/unsubscribe', { title: 'Stop these mails', what: WHAT[kind], token: req.params.token });
  });
  router.post('/unsubscribe/:token', async (req, res) => {
    const { userId, kind } = await check(String(req.params.token));
    await setPreferences(db, userId, OFF[kind]);
    res.set('Cache-Control', 'no-store');
    res.render('account/unsubscribe', { title: 'Stop these mails', what: WHAT[kind], done: true });
  });
  return router;
}

/** The one-time set-password link, public: the link's token is the key, and works once. */
export function passwordLinkRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/:token', async (req, res) => {
    const user = await passwordLinkUser(db, String(req.params.token));
    res.set('Cache-Control', 'no-store');
    if (!user) return res.status(404).render('account/password-link', { title: 'Set your password', expired: true });
    res.render('account/password-link', { title: 'Set your password', user, min: MIN_PASSWORD_LENGTH });
  });
  router.post('/:token', async (req, res) => {
    const token = String(req.params.token);
    const user = await passwordLinkUser(db, token);
    res.set('Cache-Control', 'no-store');
    if (!user) return res.status(404).render('account/password-link', { title: 'Set your password', expired: true });
    const body = (req.body ?? {}) as { password?: unknown; repeatPassword?: unknown };
    const password = typeof body.password === 'string' ? body.password : '';
    const repeat = typeof body.repeatPassword === 'string' ? body.repeatPassword : '';
    const error =
      password.length < MIN_PASSWORD_LENGTH || password.length > 1024
        ? `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`
        : password !== repeat
          ? 'The two passwords differ.'
          : undefined;
    if (error)
      return res
        .status(422)
        .render('account/password-link', { title: 'Set your password', user, min: MIN_PASSWORD_LENGTH, error });
    if (!(await usePasswordLink(db, token, password)))
      return res.status(404).render('account/password-link', { title: 'Set your password', expired: true });
    res.render('account/password-link', { title: 'Set your password', done: true });
  });
  return router;
}
