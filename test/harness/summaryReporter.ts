import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

/** What every test layer leaves in test-results/<layer>.json, for `npm test`'s final tally. */
export interface LayerSummary {
  layer: string;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: { title: string; error: string }[];
  lines: string[];
}

interface Options {
  /** Layer name: unit, integration, e2e, conformance… */
  layer?: string;
  /** Where to write the JSON summary; test-results/<layer>.json by default. */
  output?: string;
  /** Print spec-style lines as tests finish (false inside the extension host, whose console nobody reads). */
  print?: boolean | string;
}

/**
 * A spec-style reporter that also writes a JSON summary, so one closing line can add up every
 * layer (unit, integration inside code-server, e2e) wherever it ran.
 */
export class SummaryReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, mochaOptions: Mocha.MochaOptions & { reporterOption?: Options; reporterOptions?: Options }) {
    super(runner, mochaOptions);
    const opts: Options = { ...(mochaOptions.reporterOptions ?? {}), ...(mochaOptions.reporterOption ?? {}) };
    const layer = opts.layer ?? process.env.TEST_LAYER ?? 'tests';
    const print = opts.print !== false && opts.print !== 'false';
    const output = opts.output ?? path.join(process.cwd(), 'test-results', `${layer}.json`);
    const summary: LayerSummary = { layer, passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [], lines: [] };
    const started = Date.now();
    let depth = 0;
    const emit = (line: string): void => {
      summary.lines.push(line);
      if (print) console.log(line);
    };
    const indent = (): string => '  '.repeat(depth);

    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) emit(`${indent()}${suite.title}`);
      depth++;
    });
    runner.on(EVENT_SUITE_END, () => void depth--);
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      summary.passed++;
      emit(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      summary.pending++;
      emit(`${indent()}- ${test.title} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      summary.failed++;
      const title = test.fullTitle();
      const error = (err?.stack ?? String(err)).split('\n').slice(0, 12).join('\n');
      summary.failures.push({ title, error });
      emit(`${indent()}✘ ${test.title}`);
    });
    runner.once(EVENT_RUN_END, () => {
      summary.durationMs = Date.now() - started;
      for (const [i, f] of summary.failures.entries()) emit(`\n${i + 1}) ${f.title}\n${f.error}`);
      emit(
        `\n${layer}: ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} skipped (${(summary.durationMs / 1000).toFixed(1)} s)`,
      );
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(summary, null, 2));
    });
  }
}
