import * as path from 'node:path';

/** Repository root, wherever the harness is started from. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** Ignored cache of everything the harness installs or creates (code-server, Node 24, run folders). */
export const CACHE = path.join(ROOT, '.vscode-test');
/** Ignored folder of results: per-layer summaries, screenshots, logs. */
export const RESULTS = path.join(ROOT, 'test-results');
