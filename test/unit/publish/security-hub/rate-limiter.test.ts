import { describe, expect, it } from 'vitest';
import {
  RateLimiter,
  SECURITY_HUB_WRITE_LIMIT,
} from '../../../../src/publish/security-hub/index.ts';
import { FakeClock } from './fixtures.ts';

describe('Class: RateLimiter', () => {
  it('lets the first 30 of 40 requests go at once, then 10 a second', async () => {
    // Prepare
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...SECURITY_HUB_WRITE_LIMIT, clock });
    const grantedAt: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: 40 }, () => limiter.acquire().then(() => grantedAt.push(clock.now()))),
    );

    // Assess
    expect(grantedAt.slice(0, 30)).toEqual(Array(30).fill(0));
    expect(grantedAt.slice(30)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('refills the bucket while nobody asks', async () => {
    // Prepare
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 3, clock });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    clock.time += 250;

    // Act
    await limiter.acquire();
    await limiter.acquire();
    const beforeWaiting = clock.now();
    await limiter.acquire();

    // Assess
    expect(beforeWaiting).toBe(250);
    expect(clock.now()).toBe(300);
  });

  it('never holds more than the burst, however long it was idle', async () => {
    // Prepare
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2, clock });
    clock.time += 60_000;

    // Act
    for (let i = 0; i < 3; i++) await limiter.acquire();

    // Assess
    expect(clock.sleeps).toEqual([100]);
  });

  it('refuses a rate of zero', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 30 })).toThrow(RangeError);
  });
});
