import type { Request, RequestHandler } from 'express';

type Kind = 'success' | 'info' | 'warning' | 'danger';

export function flash(req: Request, kind: Kind, text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/** Moves the queued messages into the page being rendered. */
export const exposeFlash: RequestHandler = (req, res, next) => {
  const messages = req.session?.flash;
  if (messages?.length) {
    res.locals.flash = messages;
    delete req.session.flash;
  }
  next();
};
