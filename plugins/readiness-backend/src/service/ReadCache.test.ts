import { ReadCache } from './ReadCache';

describe('ReadCache', () => {
  it('computes a view once per version and key, sharing concurrent requests', async () => {
    let version = 1;
    const cache = new ReadCache(async () => String(version));
    const compute = jest.fn(async () => ({ at: version }));
    const [a, b] = await Promise.all([
      cache.get('leaderboard', compute),
      cache.get('leaderboard', compute),
    ]);
    expect(a).toBe(b);
    expect(compute).toHaveBeenCalledTimes(1);
    await cache.get('gaps', compute);
    expect(compute).toHaveBeenCalledTimes(2);

    version = 2;
    await expect(cache.get('leaderboard', compute)).resolves.toEqual({
      at: 2,
    });
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('does not keep a failure', async () => {
    const cache = new ReadCache(async () => '1');
    const compute = jest
      .fn()
      .mockRejectedValueOnce(new Error('database went away'))
      .mockResolvedValueOnce('view');
    await expect(cache.get('k', compute)).rejects.toThrow('database went away');
    await expect(cache.get('k', compute)).resolves.toBe('view');
  });
});
