import * as assert from 'node:assert/strict';
import { Disposable, toDisposable } from '../../../src/common/disposable';
import { Emitter } from '../../../src/common/event';

class Owner extends Disposable {
  register(fn: () => void): void {
    this._register(toDisposable(fn));
  }
}

describe('Disposable', () => {
  it('releases registered resources in reverse order, once', () => {
    const order: number[] = [];
    const owner = new Owner();
    owner.register(() => order.push(1));
    owner.register(() => order.push(2));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(order, [2, 1]);
  });

  it('keeps releasing when one disposal throws', () => {
    const order: number[] = [];
    const owner = new Owner();
    owner.register(() => order.push(1));
    owner.register(() => {
      throw new Error('boom');
    });
    owner.dispose();
    assert.deepEqual(order, [1]);
  });

  it('releases at once what is registered after disposal', () => {
    let released = false;
    const owner = new Owner();
    owner.dispose();
    owner.register(() => (released = true));
    assert.equal(released, true);
  });
});

describe('Emitter', () => {
  it('delivers to every listener and stops after unsubscribe', () => {
    const e = new Emitter<number>();
    const seen: number[] = [];
    const sub = e.event((n) => seen.push(n));
    e.fire(1);
    sub.dispose();
    e.fire(2);
    assert.deepEqual(seen, [1]);
    assert.equal(e.listenerCount, 0);
  });

  it('binds thisArgs and collects the subscription into the given array', () => {
    const e = new Emitter<number>();
    const target = { total: 0 };
    const bag: { dispose(): void }[] = [];
    e.event(
      function (this: typeof target, n: number) {
        this.total += n;
      },
      target,
      bag,
    );
    e.fire(5);
    assert.equal(target.total, 5);
    assert.equal(bag.length, 1);
  });

  it('does not let a throwing listener starve the others', async () => {
    const e = new Emitter<number>();
    const seen: number[] = [];
    e.event(() => {
      throw new Error('listener failure');
    });
    e.event((n) => seen.push(n));
    const uncaught = new Promise<Error>((resolve) => {
      const prior = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (err) => {
        for (const l of prior) process.on('uncaughtException', l);
        resolve(err);
      });
    });
    e.fire(7);
    assert.deepEqual(seen, [7]);
    assert.equal((await uncaught).message, 'listener failure');
  });

  it('ignores subscriptions after dispose', () => {
    const e = new Emitter<number>();
    e.dispose();
    const seen: number[] = [];
    e.event((n) => seen.push(n));
    e.fire(1);
    assert.deepEqual(seen, []);
  });
});
