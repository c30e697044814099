import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { login, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';
import { createMeeting } from '../support/commitments.factories';
import { csrfIn } from '../support/form-html';

const STALL_MS = 2500;
const t = useApp({ exportStallMs: STALL_MS, exportsPerUser: 2 });

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Logs in over the real socket, as a browser would, and returns the session cookie. */
async function sessionCookie(email: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = csrfIn(await form.text());
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A download that is asked for and then never read: the client's socket is paused at once. */
function stalledDownload(cookie: string): net.Socket {
  const { port } = server.address() as AddressInfo;
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  socket.write(
    `GET /commitments.csv HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
  );
  socket.pause();
  return socket;
}

const exportConnections = async () => {
  const [row] = await t.db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'demarche-csv'`,
  );
  return row.n as number;
};

async function waitFor(what: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await what()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}

describe('GET /commitments.csv under a user who never reads', () => {
  it('refuses that user a third export with 429, serves everyone else, and ends the stalled ones with their transactions', async () => {
    const ru = await createMinistry(t.db, { countryCode: 'RU' });
    const no = await createMinistry(t.db, { countryCode: 'NO' });
    // About 8 MB of CSV: more than the sockets' buffers hold, so a reader who stops stalls the export.
    for (let batch = 0; batch < 4; batch++) {
      await t.db.query(
        `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, status, classification)
         SELECT 'Row ' || i || ' ' || repeat('x', 1900), $1, $2, 'pledge', 'statement', 'https://example.test/', '2015-10-21', 'open', 'unclassified'
           FROM generate_series($3::int, $3::int + 999) i`,
        [ru, no, batch * 1000],
      );
    }
    const hog = await createUser(t.db, { clearance: 'restricted' });
    const other = await createUser(t.db, { clearance: 'restricted' });
    const hogCookie = await sessionCookie(hog.email);
    const otherCookie = await sessionCookie(other.email);

    const sockets = [stalledDownload(hogCookie), stalledDownload(hogCookie)];
    const closed = sockets.map((s) => new Promise<void>((resolve) => s.on('close', () => resolve())));
    await waitFor(async () => (await exportConnections()) === 2, 5000);

    const third = await fetch(`${base}/commitments.csv`, { headers: { Cookie: hogCookie } });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await third.text()).toContain('downloads running');

    const started = Date.now();
    const others = await Promise.all(
      [1, 2].map(() => fetch(`${base}/commitments.csv`, { headers: { Cookie: otherCookie } })),
    );
    expect(others.map((r) => r.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(STALL_MS); // answered while the hog's exports were still held open
    const bodies = await Promise.all(others.map((r) => r.text()));
    for (const body of bodies) expect(body.trimEnd().split('\r\n')).toHaveLength(4001);

    // The stalled exports end after the write timeout: sockets closed, connections (and their transactions) gone.
    const gone = await waitFor(async () => (await exportConnections()) === 0, STALL_MS + 5000);
    expect(gone).toBeLessThan(STALL_MS + 5000);
    for (const socket of sockets) socket.resume(); // reads what the buffers held, then finds the connection closed
    await Promise.all(closed);
    const [{ n: idleInTransaction }] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND datname = current_database()`,
    );
    expect(idleInTransaction).toBe(0);

    const again = await fetch(`${base}/commitments.csv?q=Row`, { headers: { Cookie: hogCookie } });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  }, 60_000);
});

describe('GET /commitments.csv for a spreadsheet', () => {
  it('starts with a byte-order mark and writes values in a reader’s words', async () => {
    const ru = await createMinistry(t.db, { countryCode: 'RU', name: 'МИД России' });
    const no = await createMinistry(t.db, { countryCode: 'NO', name: 'Utenriksdepartementet' });
    const lavrov = await createOfficial(t.db, { fullName: 'Sergey Lavrov', ministryId: ru });
    const meeting = await createMeeting(t.db, { title: 'Brende–Lavrov meeting in Oulu' });
    const hidden = await createMeeting(t.db, { title: 'Hidden talks', classification: 'confidential' });
    const owner = await createUser(t.db, { name: 'Børge Owner', clearance: 'restricted' });
    await t.db.query(
      `INSERT INTO commitments (text, made_by_id, party_id, counterpart_id, strength, source_type, meeting_id, made_on, status, classification, owner_id)
       VALUES ('Look into the matter', $1, $2, $3, 'will_consider', 'meeting', $4, '2015-10-14', 'in_progress', 'unclassified', $5),
              ('Quoted from hidden', $1, $2, $3, 'pledge', 'meeting', $6, '2015-10-14', 'open', 'restricted', $5)`,
      [lavrov, ru, no, meeting, owner.id, hidden],
    );
    const agent = await login(t.app, owner.email, PASSWORD);
    const res = await agent
      .get('/commitments.csv')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(header).toBe(
      'id,text,made_by,party,counterpart,strength,made_on,due_on,status,last_follow_up_on,owner,source',
    );
    expect(lines[0]).toMatch(
      /^\d+,Look into the matter,Sergey Lavrov,МИД России,Utenriksdepartementet,will consider,2015-10-14,,in progress,,Børge Owner,Meeting: Brende–Lavrov meeting in Oulu$/,
    );
    // A source the reader may not see is named by its kind only.
    expect(lines[1]).toMatch(/,Meeting$/);
    expect(bytes.toString('utf8')).not.toContain('Hidden talks');
  });
});
