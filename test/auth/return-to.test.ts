import request from 'supertest';
import { safeReturnTo } from '../../src/auth/guards';
import { login, submitLogin, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';

// QUALITY.md: returnTo=//evil.example, /\evil, javascript:, /.//evil, /a/..//evil, /%2e//evil —
// the redirect stays on site, decided after normalising the path [ASVS 3.7.2].

const t = useApp();

const hosts = ['evil.com', 'evil.com/x?y=1', '127.0.0.1:3000', 'user@evil.com'];
const shapes = [
  '//{h}',
  '///{h}',
  '////{h}',
  '/\\{h}',
  '\\/{h}',
  '\\\\{h}',
  '/\\/{h}',
  '//\\{h}',
  '/.//{h}',
  '/./\\{h}',
  '/a/..//{h}',
  '/..//{h}',
  '/../..//{h}',
  '/a/b/../..//{h}',
  '/././/{h}',
  '/%2e//{h}',
  '/%2E//{h}',
  '/%2e%2e//{h}',
  '/.%2e//{h}',
  '/a/%2e%2e//{h}',
  '/%2e/%2f{h}',
  '/%2f%2f{h}',
  '/%2F/{h}',
  '/%5c{h}',
  '/%5C%5C{h}',
  '/%5c/{h}',
  '/%252f%252f{h}',
  '/\t/{h}',
  '/\n/{h}',
  '/\r\n/{h}',
  '/%09/{h}',
  '/%0a/{h}',
  '/%0d%0a/{h}',
  '/\t\t//{h}',
  '/ //{h}',
  '/\u0000//{h}',
  '/\u3002/{h}',
  '/\uff0f{h}',
  '/\uff0f\uff0f{h}',
  '/\u2215\u2215{h}',
  '/\u2044{h}',
  '/\uff3c{h}',
  '/\ufe68{h}',
  'https://{h}',
  'http://{h}',
  'http:/{h}',
  'http:{h}',
  'HTTPS://{h}',
  ' https://{h}',
  '\thttps://{h}',
  'https:\\\\{h}',
  'javascript:alert(1)//{h}',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ftp://{h}',
  'mailto:a@{h}',
  '{h}',
  './/{h}',
  '../{h}',
  '@{h}',
  '%2f%2f{h}',
  '/@{h}',
  '/?//{h}',
  '/#//{h}',
];
const hostile = shapes.flatMap((s) => hosts.map((h) => s.replaceAll('{h}', h)));

/** On this site as a browser resolves the Location header against the login page. */
function onSite(location: string): boolean {
  if (!location.startsWith('/') || location.startsWith('//') || location.startsWith('/\\')) return false;
  const resolved = new URL(location, 'https://demarche.test/login');
  return resolved.origin === 'https://demarche.test' && !resolved.pathname.startsWith('//');
}

describe('safeReturnTo', () => {
  it(`keeps ${hostile.length} hostile forms on the site`, () => {
    const off = hostile.filter((h) => !onSite(safeReturnTo(h)));
    expect(off).toEqual([]);
    console.log(`returnTo: ${hostile.length} hostile forms tried, 0 left the site`);
  });

  it.each([
    ['/meetings/3', '/meetings/3'],
    ['/commitments?status=open&status=stalled', '/commitments?status=open&status=stalled'],
    ['/a/../meetings', '/meetings'],
    ['/search?q=%D0%9B%D0%B0%D0%B2%D1%80%D0%BE%D0%B2', '/search?q=%D0%9B%D0%B0%D0%B2%D1%80%D0%BE%D0%B2'],
    ['/.//evil.com', '/'],
    ['/%2e//evil.com', '/'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe('GET /login?returnTo when logged in, and POST /login', () => {
  it('redirects on site for every hostile form', async () => {
    const user = await createUser(t.db);
    const agent = await login(t.app, user.email, PASSWORD);
    const off: string[] = [];
    for (const target of hostile) {
      const res = await agent.get(`/login?returnTo=${encodeURIComponent(target)}`);
      if (res.status !== 303 || !onSite(res.headers.location))
        off.push(`${JSON.stringify(target)} → ${res.status} ${res.headers.location}`);
    }
    expect(off).toEqual([]);
  });

  it.each(['/.//evil.com', '/a/..//evil.com', '/..//evil.com', '/%2e//evil.com', '/\\evil.com', '/%09/evil.com'])(
    'logging in with returnTo=%s lands on the site',
    async (target) => {
      const user = await createUser(t.db);
      const res = await submitLogin(request.agent(t.app), { email: user.email, password: PASSWORD, returnTo: target });
      expect(res.status).toBe(303);
      expect(onSite(res.headers.location)).toBe(true);
    },
  );
});
