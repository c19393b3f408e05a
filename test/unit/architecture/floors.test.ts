import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '../../..');

/** Lints `source` as if it were the file at repository path `file`, with the project's own config. */
async function floorErrors(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'floors/imports').map((m) => m.message);
}

/** Each case is a deliberately wrong (or right) import at a place of the house. */
const CASES: readonly { file: string; source: string; bites: RegExp | null }[] = [
  // The pages import only themselves and the shared floor.
  {
    file: 'webview/panels/fixture.ts',
    source: "import { KubeWriter } from '../../src/kube/kubeWriter';\n",
    bites: /webview\/ may import only/,
  },
  {
    file: 'webview/panels/fixture.ts',
    source: "import { stateTable } from '../../src/clusters/definition';\n",
    bites: /src\/clusters\/definition/,
  },
  { file: 'webview/panels/fixture.ts', source: "import * as fs from 'node:fs';\n", bites: /no Node built-ins/ },
  { file: 'webview/panels/fixture.ts', source: "import * as vscode from 'vscode';\n", bites: /must not import vscode/ },
  { file: 'webview/panels/fixture.ts', source: "import { COMPUTE_STATES } from '../../shared/clusters/stateTable';\n", bites: null },
  // The shared floor imports nothing but itself (and the localization package both sides configure).
  {
    file: 'shared/text/fixture.ts',
    source: "import { KubeObject } from '../../src/kube/resources';\n",
    bites: /shared\/ may import only from shared/,
  },
  { file: 'shared/text/fixture.ts', source: "import { html } from 'lit';\n", bites: /only the packages @vscode\/l10n/ },
  { file: 'shared/text/fixture.ts', source: "export { x } from '../../webview/model/header';\n", bites: /webview\/model\/header/ },
  {
    file: 'shared/text/fixture.ts',
    source: "import * as l10n from '@vscode/l10n';\nimport { formatCpu } from './quantity';\n",
    bites: null,
  },
  // src/kube knows no clusters.
  {
    file: 'src/kube/fixture.ts',
    source: "import { ClusterModel } from '../clusters/clusterModel';\n",
    bites: /src\/kube\/ may import only from src\/kube, src\/common/,
  },
  { file: 'src/kube/fixture.ts', source: "import { COMPUTE_STATES } from '../../shared/clusters/stateTable';\n", bites: /src\/kube\// },
  // Nothing below the VS Code side imports vscode.
  { file: 'src/clusters/fixture.ts', source: "import * as vscode from 'vscode';\n", bites: /must not import vscode/ },
  { file: 'src/connections/fixture.ts', source: "const vscode = require('vscode');\n", bites: /must not import vscode/ },
  {
    file: 'src/clusters/fixture.ts',
    source: "import { ClusterPanelController } from '../panels/cluster/clusterPanelController';\n",
    bites: /src\/clusters\/ may import only/,
  },
  // The SQL engines run without VS Code; their protocol clients know only their protocol.
  { file: 'src/sql/fixture.ts', source: "import * as vscode from 'vscode';\n", bites: /must not import vscode/ },
  { file: 'src/sql/fixture.ts', source: "import { ClusterModel } from '../clusters/clusterModel';\n", bites: null },
  {
    file: 'src/sql/sparkConnect/fixture.ts',
    source: "import { ClusterModel } from '../../clusters/clusterModel';\n",
    bites: /src\/sql\/sparkConnect\/ may import only/,
  },
  {
    file: 'src/sql/flinkGateway/fixture.ts',
    source: "import { KubeWriter } from '../../kube/writer';\n",
    bites: /src\/sql\/flinkGateway\/ may import only/,
  },
  { file: 'src/sql/sparkConnect/fixture.ts', source: "import { Emitter } from '../../common/event';\n", bites: null },
  // src never reaches test equipment or the pages.
  {
    file: 'src/panels/fixture.ts',
    source: "import { startEmulator } from '../../test/emulator/emulator';\n",
    bites: /test\/emulator\/emulator/,
  },
  { file: 'src/panels/fixture.ts', source: "import '../../webview/panels/cluster';\n", bites: /webview\/panels\/cluster/ },
  {
    file: 'src/panels/fixture.ts',
    source: "import * as vscode from 'vscode';\nimport { LogBuffer } from '../../shared/logs/logBuffer';\n",
    bites: null,
  },
];

describe('architecture: the floors rule bites on a wrong import', function () {
  this.timeout(60_000);
  for (const c of CASES) {
    const what = c.bites ? 'refuses' : 'allows';
    it(`${what} ${JSON.stringify(c.source.trim().split('\n').pop())} in ${c.file}`, async () => {
      const errors = await floorErrors(c.file, c.source);
      if (c.bites) {
        assert.equal(errors.length, 1, `expected one floors error, got ${JSON.stringify(errors)}`);
        assert.match(errors[0]!, c.bites);
      } else {
        assert.deepEqual(errors, []);
      }
    });
  }
});
