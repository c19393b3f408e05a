import * as fs from 'node:fs';
import * as path from 'node:path';

/** A kubeconfig with context "integration" pointing at a port where nothing listens (until the emulator serves it). */
export function writeOfflineKubeconfig(file: string, context = 'integration'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${context}`,
      'clusters:',
      `- name: ${context}`,
      '  cluster:',
      '    server: https://127.0.0.1:9',
      'users:',
      `- name: ${context}`,
      '  user:',
      '    token: offline',
      'contexts:',
      `- name: ${context}`,
      '  context:',
      `    cluster: ${context}`,
      `    user: ${context}`,
      '    namespace: default',
      '',
    ].join('\n'),
  );
  return file;
}
