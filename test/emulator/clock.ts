/**
 * The emulator's one clock. Emulated time runs `speed` times faster than real time, so tests can
 * wait through a 30 s image pull or an idle timeout in milliseconds while the demo runs at 1x.
 */
export class Clock {
  private readonly realStart = Date.now();
  private readonly emulatedStart: number;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly speed = 1,
    start = Date.now(),
  ) {
    this.emulatedStart = start;
  }

  now(): number {
    return this.emulatedStart + (Date.now() - this.realStart) * this.speed;
  }

  /** RFC 3339 time with second precision, as Kubernetes writes timestamps. */
  iso(ms = this.now()): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  /** Runs `fn` after `emulatedMs` of emulated time. */
  after(emulatedMs: number, fn: () => void): { cancel(): void } {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        fn();
      },
      Math.max(0, emulatedMs / this.speed),
    );
    t.unref?.();
    this.timers.add(t);
    return {
      cancel: () => {
        clearTimeout(t);
        this.timers.delete(t);
      },
    };
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** Seeded pseudo-random numbers (mulberry32), so runs repeat. */
export class Random {
  private state: number;
  constructor(seed = 42) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** A suffix like Kubernetes' generated names use (consonants and digits). */
  suffix(n = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
