import { Emulator, EmulatorOptions } from './emulator';
import { DEMO_DISABLING } from './seeds/demo';
import { seedDemoTaskSavepoints } from './seeds/demoTasks';
import { loadSeed, resolveSeed } from './seeds/seedLoader';

/** Starts an emulator with a seed; for the demo seed, also puts one session cluster into Disabling. */
export async function startSeededEmulator(seed: string, opts: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await Emulator.start(opts);
  const count = loadSeed(emulator, await resolveSeed(seed));
  // The Disabling cluster needs the Flink operator's finalizer, which a bare API server never adds.
  if (seed === 'demo' && opts.controllers !== false) {
    seedDemoTaskSavepoints(emulator);
    const t = emulator.api.mustType('flink.apache.org', 'flinkdeployments');
    // Wait for the operator's finalizer, then delete: session jobs hold the deletion (Disabling).
    await emulator.waitFor(
      () => emulator.api.tryGet(t, DEMO_DISABLING.namespace, DEMO_DISABLING.name)?.metadata.finalizers?.length,
      10_000,
      'the operator finalizer',
    );
    emulator.api.delete(t, DEMO_DISABLING.namespace, DEMO_DISABLING.name);
  }
  console.log(`[emulator] ${count} seed objects from "${seed}" loaded`);
  return emulator;
}
