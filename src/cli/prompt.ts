import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Asks for a password twice on the terminal, without echoing it. */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY)
    throw new Error('Set DEMARCHE_PASSWORD, or run this in a terminal to be asked for the password');
  let muted = false;
  const output = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      muted = false;
      rl.question(q, (a) => resolve(a));
      muted = true;
    });
  try {
    const first = await ask('Password: ');
    process.stdout.write('\n');
    const second = await ask('Repeat password: ');
    process.stdout.write('\n');
    if (first !== second) throw new Error('The passwords do not match');
    return first;
  } finally {
    rl.close();
  }
}

/** The password for a command: DEMARCHE_PASSWORD (for scripts), else asked for on the terminal. */
export async function cliPassword(): Promise<string> {
  return process.env.DEMARCHE_PASSWORD ?? (await promptPassword());
}
