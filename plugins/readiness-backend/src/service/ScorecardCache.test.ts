import { ScorecardCache } from './ScorecardCache';

function cacheWith(options: { validUntil?: number } = {}) {
  let version = 1;
  let now = 1_000;
  const built: string[] = [];
  const cache = new ScorecardCache({
    version: async () => String(version),
    build: async ref => {
      built.push(ref);
      return {
        scorecard: { entityRef: ref, build: built.length },
        validUntil: options.validUntil ?? Infinity,
      };
    },
    now: () => now,
  });
  return {
    cache,
    built,
    advance: () => {
      version += 1;
    },
    setNow: (time: number) => {
      now = time;
    },
  };
}

describe('ScorecardCache', () => {
  it('builds an entity page once per read version', async () => {
    const { cache, built, advance } = cacheWith();
    const first = await cache.get('component:default/a');
    expect(JSON.parse(first.body)).toEqual({
      entityRef: 'component:default/a',
      build: 1,
    });
    expect(await cache.get('component:default/a')).toBe(first);
    expect(built).toEqual(['component:default/a']);

    advance();
    const second = await cache.get('component:default/a');
    expect(JSON.parse(second.body).build).toBe(2);
    expect(second.etag).not.toBe(first.etag);
  });

  it('rebuilds once a fact in the page has gone stale', async () => {
    const { cache, built, setNow } = cacheWith({ validUntil: 5_000 });
    await cache.get('component:default/a');
    setNow(4_999);
    await cache.get('component:default/a');
    expect(built).toHaveLength(1);
    setNow(5_000);
    await cache.get('component:default/a');
    expect(built).toHaveLength(2);
  });

  it('shares one build between concurrent views, and keeps no failure', async () => {
    let fail = true;
    let builds = 0;
    const cache = new ScorecardCache({
      version: async () => '1',
      build: async ref => {
        builds += 1;
        await new Promise(resolve => setTimeout(resolve, 5));
        if (fail) throw new Error(`No entity ${ref}`);
        return { scorecard: { ref }, validUntil: Infinity };
      },
    });
    const views = await Promise.allSettled([
      cache.get('component:default/a'),
      cache.get('component:default/a'),
    ]);
    expect(views.map(v => v.status)).toEqual(['rejected', 'rejected']);
    expect(builds).toBe(1);
    fail = false;
    await expect(cache.get('component:default/a')).resolves.toMatchObject({
      body: '{"ref":"component:default/a"}',
    });
    expect(builds).toBe(2);
  });

  it('keeps pages of different entities apart', async () => {
    const { cache } = cacheWith();
    const a = await cache.get('component:default/a');
    const b = await cache.get('component:default/b');
    expect(JSON.parse(a.body).entityRef).toBe('component:default/a');
    expect(JSON.parse(b.body).entityRef).toBe('component:default/b');
  });
});
