import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { ROOT } from '../paths';

export interface MailItem {
  text: string;
  meta?: string;
  url: string;
}

export interface MailSection {
  heading: string;
  items?: MailItem[];
  rows?: { label: string; n: number }[];
  /** "and 2 restricted items": what is counted but not quoted, with a link to see it in the app. */
  withheld?: string;
  more?: string;
  link?: string;
}

export interface MailContent {
  subject: string;
  heading: string;
  intro: string;
  sections: MailSection[];
  action?: { label: string; url: string };
  unsubscribeUrl?: string;
  preferencesUrl: string;
  timeZone: string;
}

// HTML templates escape every value; the text template is plain text, so nothing is escaped.
const html = Handlebars.create();
const text = Handlebars.create();
let compiled: { html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate } | undefined;

function templates() {
  compiled ??= {
    html: html.compile(readFileSync(path.join(ROOT, 'views', 'mail', 'mail.html.hbs'), 'utf8'), { strict: false }),
    text: text.compile(readFileSync(path.join(ROOT, 'views', 'mail', 'mail.text.hbs'), 'utf8'), { noEscape: true }),
  };
  return compiled;
}

export function renderMail(content: MailContent): { subject: string; text: string; html: string } {
  const t = templates();
  return { subject: content.subject, text: t.text(content).replace(/\n{3,}/g, '\n\n'), html: t.html(content) };
}
