import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config';

/** The SMTP transport for SMTP_URL, or undefined: without it, mail waits in the outbox. */
export function mailTransport(config: Pick<Config, 'smtpUrl'>): Transporter | undefined {
  if (!config.smtpUrl) return undefined;
  // Bounded waits: a silent server must fail the attempt (to be retried), not hold the sender.
  return nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
}
