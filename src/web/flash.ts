import type { Request, RequestHandler } from 'express';

type Kind = 'success' | 'info' | 'warning' | 'danger';

/** Queues a message for the next page; `link` adds a link after the text (a same-site path). */
export function flash(req: Request, kind: Kind, text: string, link?: { href: string; text: string }): void {
  if (!req.session) return;
  const message = link ? { kind, text, href: link.href, linkText: link.text } : { kind, text };
  req.session.flash = [...(req.session.flash ?? []), message];
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
