import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import {
  changeOwnPassword,
  findUser,
  nameSchema,
  passwordSchema,
  preferencesSchema,
  renameSelf,
  setPreferences,
} from '../auth/user-admin.service';
import { SUMMARY_CHOICES } from '../auth/user.entity';
import { hasFeed } from '../calendar/calendar.service';
import { flash } from '../web/flash';
import { parseForm, typedValues } from '../web/forms';

/** Each user's own account: name, password, mail preferences, and the calendar feed. */
export function accountRoutes({ db }: AppContext): Router {
  const router = Router();

  async function page(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const me = (await findUser(db, req.user!.id))!;
    res.status(status).render('account/index', {
      title: 'Your account',
      me,
      summaryChoices: SUMMARY_CHOICES.map((value) => ({
        value,
        label: value === 'never' ? 'never' : value,
        checked: me.summaries === value,
      })),
      isManager: req.user!.role !== 'staff',
      hasFeed: await hasFeed(db, req.user!.id),
      nameValue: me.name,
      ...extra,
    });
  }

  router.get('/', (req, res) => page(req, res));

  router.post('/name', async (req, res) => {
    const parsed = parseForm(nameSchema, req.body);
    if (!parsed.ok) return page(req, res, 422, { nameErrors: parsed.errors, nameValue: typedValues(req.body).name });
    await renameSelf(db, req.user!.id, parsed.data.name);
    flash(req, 'success', 'Your name was saved.');
    res.redirect(303, '/account');
  });

  router.post('/password', async (req, res) => {
    const parsed = parseForm(passwordSchema, req.body);
    const errors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok && parsed.data.newPassword !== parsed.data.repeatPassword)
      errors.repeatPassword = 'The two new passwords differ.';
    if (!parsed.ok || Object.keys(errors).length) return page(req, res, 422, { passwordErrors: errors });
    const sessionId = (req as Request & { sessionID?: string }).sessionID;
    if (!(await changeOwnPassword(db, req.user!.id, parsed.data.currentPassword, parsed.data.newPassword, sessionId))) {
      return page(req, res, 422, { passwordErrors: { currentPassword: 'That is not your current password.' } });
    }
    flash(req, 'success', 'Your password was changed; your other sessions have ended.');
    res.redirect(303, '/account');
  });

  router.post('/mail', async (req, res) => {
    const parsed = parseForm(preferencesSchema, req.body);
    if (!parsed.ok) return page(req, res, 422, { mailErrors: parsed.errors });
    await setPreferences(db, req.user!.id, {
      summaries: parsed.data.summaries,
      digest: parsed.data.digest === 'on',
      notices: parsed.data.notices === 'on',
    });
    flash(req, 'success', 'Your mail preferences were saved.');
    res.redirect(303, '/account#mail');
  });

  return router;
}
