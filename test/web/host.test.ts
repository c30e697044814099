import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';

const t = useApp({ appUrl: 'https://demarche.mfa.example' });

/** Sends a request with exactly this Host line over a raw socket (HTTP clients refuse to send some of these). */
async function statusFor(host: string): Promise<number> {
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? 0);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the Host header', () => {
  it.each([
    '[',
    'a b',
    'exa mple.test:80',
    '[::1',
    'host:port',
    'a/b',
    'evil.test@good.test',
    '-bad.test',
    'x:99999999',
  ])('answers 400 to Host: %s', async (host) => {
    expect(await statusFor(host)).toBe(400);
  });

  it.each(['localhost', 'demarche.mfa.example:8443', '127.0.0.1:3000', '[::1]:3000'])(
    'serves Host: %s',
    async (host) => {
      expect([200, 503]).toContain(await statusFor(host));
    },
  );

  it('never reaches the calendar feed: its address and UIDs come from APP_URL', async () => {
    await t.db.query(
      `INSERT INTO meetings (title, held_on, classification) VALUES ('Oulu', '2015-10-14', 'unclassified')`,
    );
    const user = await createUser(t.db, { clearance: 'restricted' });
    const agent = await login(t.app, user.email, PASSWORD);
    const shown = await postForm(agent.set('Host', 'evil.example'), '/calendar/feed', {}, '/calendar');
    const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(shown.text)![1];
    expect(url).toMatch(/^https:\/\/demarche\.mfa\.example\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const feed = await request(t.app).get(new URL(url).pathname).set('Host', 'evil.example');
    expect(feed.status).toBe(200);
    expect(feed.text).toMatch(/UID:meeting-\d+@demarche\.mfa\.example/);
    expect(feed.text).toMatch(/URL:https:\/\/demarche\.mfa\.example\/meetings\/\d+/);
    expect(feed.text).not.toContain('evil.example');
  });
});
