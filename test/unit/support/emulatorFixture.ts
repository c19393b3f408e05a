import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startSeededEmulator } from '../../emulator/demo';
import { Emulator, EmulatorOptions, EmulatorUser } from '../../emulator/emulator';

/** A running emulator and client-node KubeConfigs for its users, for tests of src/kube and src/clusters. */
export interface EmulatorFixture {
  emulator: Emulator;
  kubeconfigFile: string;
  kc(user?: EmulatorUser): KubeConfig;
  namespace(name: string): string;
}

const FAST: EmulatorOptions = {
  speed: 20,
  bookmarkIntervalMs: 200,
  timings: { schedule: 100, pull: 400, start: 100, ready: 300, crash: 500, backoff: 1000, kill: 200 },
};

/** An empty emulator, or (with `load`) one loaded with a seed such as the demo's clusters in every state. */
export async function startEmulator(opts: EmulatorOptions & { load?: string } = {}): Promise<EmulatorFixture> {
  const { load, ...rest } = opts;
  const emulator = load ? await startSeededEmulator(load, { ...FAST, ...rest }) : await Emulator.start({ ...FAST, ...rest });
  const kubeconfigFile = emulator.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-unit-')), 'kubeconfig.yaml'));
  return {
    emulator,
    kubeconfigFile,
    kc(user: EmulatorUser = 'admin') {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigFile);
      kc.setCurrentContext(`emulator-${user}`);
      return kc;
    },
    namespace(name: string) {
      emulator.applyInternal({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
  };
}

export async function until<T>(fn: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
