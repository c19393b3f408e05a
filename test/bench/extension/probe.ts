import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Test equipment for test/bench, installed next to Data Clusters in the benchmark's code-server.
 * It declares no dependency on Data Clusters on purpose: that would activate it at startup, and the
 * activation benchmark needs it activated by its own view.
 *
 * Talks with the benchmark through files in DATA_CLUSTERS_BENCH_DIR:
 * - `floor.txt`: the label of the one row of the "Bench Floor" tree, redrawn at once when it changes
 *   (the platform's floor for a tree row update, with no work of ours in between);
 * - `show-floor`: shows that tree in the Data Clusters sidebar, beside the clusters' rows (hidden
 *   otherwise, so the activation benchmark and the walkthrough's pictures see the product alone);
 * - `marks-request` → `marks.json`: Data Clusters' activation marks, once it is active.
 */
export function activate(): void {
  const dir = process.env.DATA_CLUSTERS_BENCH_DIR;
  if (!dir) return;
  const floor = new FloorTree(path.join(dir, 'floor.txt'));
  vscode.window.registerTreeDataProvider('dataClustersBench.floor', floor);
  const showFloor = () => void vscode.commands.executeCommand('setContext', 'dataClustersBench.floorShown', true);
  if (fs.existsSync(path.join(dir, 'show-floor'))) showFloor();
  fs.watch(dir, (_event, file) => {
    if (file === 'floor.txt') floor.reload();
    if (file === 'show-floor') showFloor();
    if (file === 'marks-request') writeMarks(dir);
  });
  fs.writeFileSync(path.join(dir, 'probe-ready'), String(Date.now()));
}

function writeMarks(dir: string): void {
  const ext = vscode.extensions.getExtension<{ marks(): unknown }>('dataclusters.data-clusters');
  const marks = ext?.isActive ? ext.exports.marks() : undefined;
  const tmp = path.join(dir, 'marks.json.tmp');
  fs.writeFileSync(tmp, JSON.stringify({ active: !!ext?.isActive, marks }));
  fs.renameSync(tmp, path.join(dir, 'marks.json'));
}

class FloorTree implements vscode.TreeDataProvider<{ id: string }> {
  private readonly emitter = new vscode.EventEmitter<{ id: string } | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The one element, always the same object: VS Code refreshes a row by the element's identity. */
  private readonly row = { id: 'floor' };
  private label = 'floor-0';

  constructor(private readonly file: string) {
    this.label = this.read() ?? this.label;
  }

  private read(): string | undefined {
    try {
      return fs.readFileSync(this.file, 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  reload(): void {
    const next = this.read();
    if (!next || next === this.label) return;
    this.label = next;
    this.emitter.fire(this.row);
  }

  getChildren(element?: { id: string }): { id: string }[] {
    return element ? [] : [this.row];
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Bench floor row');
    item.id = 'floor';
    item.description = this.label;
    return item;
  }
}

export function deactivate(): void {
  /* nothing to release */
}
