import type { Request } from 'express';
import { postedInput } from '../../src/web/errors';

const post = (body: unknown, originalUrl = '/meetings') =>
  ({ method: 'POST', body, originalUrl }) as unknown as Request;

describe('postedInput', () => {
  it('gives back every field of a meeting form under the names the form posts, tokens hidden', () => {
    const input = postedInput(
      post({
        _csrf: 'token',
        _submission: 'uuid',
        title: 'Oulu',
        participantIds: ['3', '7'],
        commitments: [
          { text: 'We will look into it', partyId: '5' },
          { text: 'Вторая', partyId: '6' },
        ],
        version: '4',
      }),
    );
    expect(input?.action).toBe('/meetings');
    expect(input?.hidden).toEqual([
      { name: '_csrf', value: 'token' },
      { name: '_submission', value: 'uuid' },
      { name: 'version', value: '4' },
    ]);
    expect(input?.fields.map(({ name, value }) => [name, value])).toEqual([
      ['title', 'Oulu'],
      ['participantIds', '3'],
      ['participantIds', '7'],
      ['commitments[0][text]', 'We will look into it'],
      ['commitments[0][partyId]', '5'],
      ['commitments[1][text]', 'Вторая'],
      ['commitments[1][partyId]', '6'],
    ]);
  });

  it('never echoes a password, and has nothing for a GET or a form of tokens only', () => {
    expect(postedInput(post({ _csrf: 't', email: 'a@b.test', password: 'secret' }, '/login'))?.fields).toEqual([
      { id: 'typed-0', name: 'email', value: 'a@b.test' },
    ]);
    expect(postedInput({ method: 'GET', body: { q: 'x' }, originalUrl: '/' } as unknown as Request)).toBeUndefined();
    expect(postedInput(post({}))).toBeUndefined();
    expect(postedInput(post({ _csrf: 't' }, '/logout'))).toBeUndefined();
  });

  it('stops at 200 fields and three levels of nesting', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, 'x']));
    expect(postedInput(post(many))?.fields).toHaveLength(200);
    expect(postedInput(post({ a: { b: { c: { d: { e: 'deep' } } } }, ok: 'y' }))?.fields.map((f) => f.name)).toEqual([
      'ok',
    ]);
  });
});
