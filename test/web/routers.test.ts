import express, { Router } from 'express';
import request from 'supertest';
import { dispatchByFirstSegment } from '../../src/routers';

function app() {
  const first = Router();
  first.get('/things', (_req, res) => void res.send('first list'));
  first.get('/things/:id', (req, res, next) => (req.params.id === 'pass' ? next() : void res.send(`first ${req.params.id}`)));
  const second = Router();
  second.get('/things/:id', (_req, res) => void res.send('second'));
  second.get('/', (_req, res) => void res.send('home'));
  const dispatch = dispatchByFirstSegment([first, second]);
  const a = express();
  a.use(dispatch);
  a.use((_req, res) => void res.status(404).send('none'));
  return { app: a, dispatch };
}

describe('dispatchByFirstSegment', () => {
  it('hands a request to the routers that have routes under its first segment, in order', async () => {
    const { app: a } = app();
    expect((await request(a).get('/things')).text).toBe('first list');
    expect((await request(a).get('/THINGS/7')).text).toBe('first 7');
    expect((await request(a).get('/things/pass')).text).toBe('second');
    expect((await request(a).get('/')).text).toBe('home');
    expect((await request(a).get('/other/things')).status).toBe(404);
  });

  it('keeps the routers\' layers listable, and refuses a route path it cannot place', () => {
    expect(app().dispatch.stack).toHaveLength(4);
    const odd = Router();
    odd.get(/^\/regex/, (_req, res) => void res.end());
    expect(() => dispatchByFirstSegment([odd])).toThrow('Only string route paths');
  });
});
