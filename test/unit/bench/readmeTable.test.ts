import * as assert from 'node:assert/strict';
import { figuresTable, formatFigure, headlineTable, HEADLINE, parseBenchLog, rewriteMarkedBlock, SECTIONS } from '../../bench/readmeTable';

/** A log as `npm run bench` keeps it: header lines, the benchmarks' own output, and BENCH lines. */
function sampleLog(extra: string[] = []): string {
  const names = [...new Set([...SECTIONS.flatMap((s) => s.rows.flatMap((r) => [r.figure, ...(r.references ?? [])]))])];
  return [
    '# run: 2026-12-06T12:00:00.000Z, 2 cores, load 2.50 / 2.10 / 2.60 (1/5/15 min) at the start',
    'emulator listening on 127.0.0.1:34567',
    ...names.map((n, i) => `BENCH ${n} ${n === 'model_complete' ? '672.40' : n === 'model_over_raw_p95' ? '-0.05' : i + 1} ms`),
    '# live update after kubectl exited, ms: 12.0 13.1',
    ...extra,
    '# run: 3.4 min, load 2.56 / 2.29 / 2.58 at the end',
  ].join('\n');
}

describe('bench: the READMEs’ figure tables come from one run’s BENCH lines', () => {
  it('reads the figures and the run’s header lines, and nothing else', () => {
    const run = parseBenchLog(sampleLog());
    assert.deepEqual(run.figures.get('model_complete'), { value: 672.4, unit: 'ms' });
    assert.deepEqual(run.figures.get('model_over_raw_p95'), { value: -0.05, unit: 'ms' });
    assert.equal(run.about.length, 2);
    assert.ok(![...run.figures.keys()].some((k) => k.startsWith('#')));
  });

  it('refuses a log that holds two runs: a figure printed twice', () =>
    assert.throws(() => parseBenchLog(sampleLog(['BENCH model_complete 700 ms'])), /model_complete is printed twice/));

  it('writes figures as the tables do', () => {
    assert.equal(formatFigure({ value: 672.4, unit: 'ms' }), '672 ms');
    assert.equal(formatFigure({ value: 4864, unit: 'ms' }), '4,864 ms');
    assert.equal(formatFigure({ value: 91.123, unit: 'ms' }), '91.1 ms');
    assert.equal(formatFigure({ value: -0.05, unit: 'ms' }), '-0.05 ms');
    assert.equal(formatFigure({ value: 7.2431, unit: 'x' }), '7.24 ×');
    assert.equal(formatFigure({ value: 0, unit: 'count' }), '0');
    assert.equal(formatFigure({ value: NaN, unit: 'ms' }), 'not measured');
  });

  it('puts each figure beside its reference and target from the same run, and keeps figures no section names', () => {
    const table = figuresTable(parseBenchLog(sampleLog(['BENCH brand_new_figure 5 ms'])));
    assert.match(table, /^\| `model_complete` \| 672 ms \| `kubectl_same_listing` \d+ ms \| within 1 s \|$/m);
    assert.match(table, /^\| `model_over_raw_p95` \| -0\.05 ms \| {2}\| at most 10 ms \|$/m);
    assert.match(table, /\| \*\*Other figures of the run\*\* \| \| \| \|\n\| `brand_new_figure` \| 5 ms \| {2}\| {2}\|/);
    const headline = headlineTable(parseBenchLog(sampleLog()));
    assert.equal(headline.split('\n').length, 2 + HEADLINE.length);
  });

  it('never fills a gap from another run: a figure the run did not print is an error', () => {
    const partial = sampleLog()
      .split('\n')
      .filter((l) => !l.startsWith('BENCH activation_own_work '))
      .join('\n');
    assert.throws(() => figuresTable(parseBenchLog(partial)), /printed no activation_own_work/);
    assert.throws(() => headlineTable(parseBenchLog(partial)), /printed no activation_own_work/);
  });

  it('rewrites only between its markers, and a README without them is an error', () => {
    const doc = 'intro\n<!-- bench:headline:begin -->\nold table\n<!-- bench:headline:end -->\nafter\n';
    assert.equal(
      rewriteMarkedBlock(doc, 'headline', 'new table'),
      'intro\n<!-- bench:headline:begin -->\nnew table\n<!-- bench:headline:end -->\nafter\n',
    );
    assert.throws(() => rewriteMarkedBlock('no markers', 'headline', 'x'), /no <!-- bench:headline:begin -->/);
  });
});
