import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context';
import { requireRole } from '../auth/guards';
import { ROLES } from '../auth/user.entity';
import {
  adminEditUserSchema,
  adminNewUserSchema,
  changeDisabled,
  changeRoleAndClearance,
  createUserByAdmin,
  findUser,
  listUsers,
  resetPasswordLink,
} from '../auth/user-admin.service';
import { DuplicateEmailError } from '../auth/users.service';
import { history } from '../audit/audit.service';
import { CLASSIFICATIONS } from '../web/clearance';
import { HttpError, notFound } from '../web/errors';
import { flash } from '../web/flash';
import { idParam, parseForm, queryString, typedValues } from '../web/forms';

const options = (list: readonly string[]) => list.map((value) => ({ value, label: value }));

/** Admins manage users here: list and filter, add (with a one-time password link), role, clearance, disable, reset. */
export function adminUsersRoutes({ db, config }: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  async function showUser(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const user = await findUser(db, idParam(req));
    if (!user) throw notFound('user');
    const events = await history(db, res.locals.scope, config.appTimeZone, 'user', user.id);
    res.status(status).render('admin/users/show', {
      title: user.name,
      user,
      self: user.id === req.user!.id,
      values: { role: user.role, clearance: user.clearance, ...((extra.values as object) ?? {}) },
      roles: options(ROLES),
      clearances: options(CLASSIFICATIONS),
      history: events,
      mailEnabled: Boolean(config.smtpUrl),
      ...extra,
    });
  }

  /** A refused change (the last-admin rule, a disabled user's link) re-shows the page with why. */
  async function refused(req: Request, res: Response, err: unknown) {
    if (err instanceof HttpError && err.status !== 404) return showUser(req, res, err.status, { refusal: err.message });
    throw err;
  }

  router.get('/', admin, async (req, res) => {
    const filters = { q: queryString(req, 'q'), role: queryString(req, 'role'), state: queryString(req, 'state') };
    if (filters.role && !(ROLES as readonly string[]).includes(filters.role))
      throw new HttpError(400, 'The filter “role” is not valid.');
    if (filters.state && !['active', 'disabled'].includes(filters.state))
      throw new HttpError(400, 'The filter “state” is not valid.');
    res.render('admin/users/index', {
      title: 'Users',
      users: await listUsers(db, filters),
      filters,
      roles: options(ROLES),
    });
  });

  router.get('/new', admin, (_req, res) => {
    res.render('admin/users/new', {
      title: 'New user',
      values: { role: 'staff', clearance: 'unclassified' },
      roles: options(ROLES),
      clearances: options(CLASSIFICATIONS),
    });
  });

  router.post('/', admin, async (req, res) => {
    const values = typedValues(req.body);
    const form = (status: number, errors: Record<string, string>) =>
      res.status(status).render('admin/users/new', {
        title: 'New user',
        values,
        errors,
        roles: options(ROLES),
        clearances: options(CLASSIFICATIONS),
      });
    const parsed = parseForm(adminNewUserSchema, req.body);
    if (!parsed.ok) return form(422, parsed.errors);
    try {
      const created = await createUserByAdmin(db, config, req.user!.id, parsed.data);
      req.params.id = String(created.id);
      return showUser(req, res, 201, {
        link: created.link,
        linkExpires: created.expiresText,
        linkMailed: Boolean(config.smtpUrl),
      });
    } catch (err) {
      if (err instanceof DuplicateEmailError) return form(422, { email: err.message });
      throw err;
    }
  });

  router.get('/:id', admin, (req, res) => showUser(req, res));

  router.post('/:id', admin, async (req, res) => {
    const id = idParam(req);
    const parsed = parseForm(adminEditUserSchema, req.body);
    if (!parsed.ok) return showUser(req, res, 422, { errors: parsed.errors, values: typedValues(req.body) });
    try {
      if (!(await findUser(db, id))) throw notFound('user');
      await changeRoleAndClearance(db, req.user!.id, id, parsed.data);
    } catch (err) {
      return refused(req, res, err);
    }
    flash(req, 'success', 'Role and clearance saved.');
    res.redirect(303, `/admin/users/${id}`);
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    router.post(`/:id/${action}`, admin, async (req, res) => {
      const id = idParam(req);
      try {
        await changeDisabled(db, req.user!.id, id, disabled);
      } catch (err) {
        return refused(req, res, err);
      }
      flash(
        req,
        'success',
        disabled ? 'The user is disabled; their sessions have ended.' : 'The user can log in again.',
      );
      res.redirect(303, `/admin/users/${id}`);
    });
  }

  router.post('/:id/password-link', admin, async (req, res) => {
    const id = idParam(req);
    try {
      if (!(await findUser(db, id))) throw notFound('user');
      const issued = await resetPasswordLink(db, config, req.user!.id, id);
      return showUser(req, res, 200, {
        link: issued.link,
        linkExpires: issued.expiresText,
        linkMailed: Boolean(config.smtpUrl),
      });
    } catch (err) {
      return refused(req, res, err);
    }
  });

  return router;
}
