import { safeReturnTo } from '../../src/auth/guards';

describe('safeReturnTo', () => {
  it.each([
    ['/meetings/3', '/meetings/3'],
    ['/commitments?status=open&status=stalled', '/commitments?status=open&status=stalled'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/x', '/'],
    ['javascript:alert(1)', '/'],
    ['/ok\r\nSet-Cookie: x', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
