import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  messageId: string;
  /** The message as sent, with quoted-printable soft line breaks joined. */
  raw: string;
}

export interface TestSmtp {
  url: string;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback for the mail tests. `onMail` decides each message: returning (or
 * resolving) accepts it with 250; throwing (or rejecting) an error with `responseCode` refuses it
 * with that code, as a busy server answers 451.
 */
export async function startSmtp(onMail: (mail: ReceivedMail) => void | Promise<void>): Promise<TestSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        raw = raw.replace(/=\r?\n/g, '');
        const mail = {
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '',
          raw,
        };
        Promise.resolve()
          .then(() => onMail(mail))
          .then(
            () => callback(),
            (err: Error) => callback(err),
          );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
