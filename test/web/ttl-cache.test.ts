import { TtlCache } from '../../src/web/ttl-cache';

describe('TtlCache', () => {
  it('reuses a value until it expires, then recomputes', async () => {
    const cache = new TtlCache<number>(1000);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('k', compute, 0)).toBe(1);
    expect(await cache.get('k', compute, 999)).toBe(1);
    expect(await cache.get('k', compute, 1000)).toBe(2);
    expect(await cache.get('other', compute, 1000)).toBe(3);
  });

  it('does not keep a failure, and computes every time when the TTL is zero', async () => {
    const cache = new TtlCache<number>(1000);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7, 1)).toBe(7);
    const off = new TtlCache<number>(0);
    let n = 0;
    await off.get('k', async () => ++n);
    await off.get('k', async () => ++n);
    expect(n).toBe(2);
  });

  it('evicts the oldest entry beyond its size', async () => {
    const cache = new TtlCache<string>(10_000, 2);
    await cache.get('a', async () => 'a1', 0);
    await cache.get('b', async () => 'b1', 0);
    await cache.get('c', async () => 'c1', 0);
    expect(await cache.get('a', async () => 'a2', 1)).toBe('a2');
    expect(await cache.get('c', async () => 'c2', 1)).toBe('c1');
  });
});
