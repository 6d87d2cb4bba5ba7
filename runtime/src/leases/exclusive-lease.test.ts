import { expect, it } from 'vitest';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { ExclusiveLease } from './exclusive-lease.ts';

describeOnEachEngine('ExclusiveLease', (databases) => {
  it('is held by one owner at a time', async () => {
    const first = new ExclusiveLease(databases.tracking, 'geo_log_cursor', 30_000);
    const second = new ExclusiveLease(databases.tracking, 'geo_log_cursor', 30_000);
    expect(await first.tryObtain()).toBe(true);
    expect(await second.tryObtain()).toBe(false);
    expect(await first.tryObtain()).toBe(true);
    expect(await second.remainingMs()).toBeGreaterThan(25_000);
  });

  it('can be taken over once it lapses, and the old holder then fails to renew', async () => {
    const first = new ExclusiveLease(databases.tracking, 'k', 50);
    const second = new ExclusiveLease(databases.tracking, 'k', 30_000);
    expect(await first.tryObtain()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await second.tryObtain()).toBe(true);
    expect(await first.renew()).toBe(false);
    expect(await second.renew()).toBe(true);
  });

  it('is free again after release, and runs work only when obtained', async () => {
    const first = new ExclusiveLease(databases.tracking, 'k', 30_000);
    const second = new ExclusiveLease(databases.tracking, 'k', 30_000);
    const result = await first.withLease(async () => second.withLease(async () => 'nested'));
    expect(result).toEqual({ ran: true, value: { ran: false } });
    expect(await second.withLease(async () => 'after')).toEqual({ ran: true, value: 'after' });
  });
});
