/**
 * The READMEs' benchmark figures, generated from ONE run's `BENCH <name> <value> <unit>` lines, so
 * what they state is what one run printed, each figure beside the reference measured in that run.
 *
 *   npm run bench -- --write-readme        runs everything, keeps the log, rewrites both tables
 *   npx tsx test/bench/readmeTable.ts <bench.log>   rewrites them from a kept log
 *
 * Each table sits between `<!-- bench:<block>:begin -->` and `<!-- bench:<block>:end -->` markers:
 * `figures` in test/bench/README.md (every figure of the run), `headline` in README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Figure {
  readonly value: number;
  readonly unit: string;
}

export interface BenchRun {
  /** The run's own header lines (`# run: …`), as the runner wrote them. */
  readonly about: string[];
  readonly figures: ReadonlyMap<string, Figure>;
}

/** Reads a log of one run; a figure printed twice means two runs in one log, which no table may mix. */
export function parseBenchLog(text: string): BenchRun {
  const figures = new Map<string, Figure>();
  const about: string[] = [];
  for (const line of text.split('\n')) {
    const run = /^# run: (.*)$/.exec(line.trim());
    if (run) about.push(run[1]);
    const m = /^BENCH (\S+) (-?[\d.]+|NaN) (\S+)\s*$/.exec(line.trim());
    if (!m) continue;
    if (figures.has(m[1])) throw new Error(`${m[1]} is printed twice: the log holds more than one run`);
    figures.set(m[1], { value: Number(m[2]), unit: m[3] });
  }
  return { about, figures };
}

/** As the tables write figures: three significant digits, whole numbers from 100 up, thousands separated. */
export function formatFigure(f: Figure): string {
  if (!Number.isFinite(f.value)) return 'not measured';
  const abs = Math.abs(f.value);
  const n = abs >= 100 ? Math.round(f.value).toLocaleString('en-US') : String(Number(f.value.toPrecision(3))).replace(/^-0$/, '0');
  const unit = f.unit === 'x' ? '×' : f.unit === 'count' ? '' : f.unit;
  return unit ? `${n} ${unit}` : n;
}

interface Row {
  readonly figure: string;
  /** Figures of the same run to read it against. */
  readonly references?: readonly string[];
  readonly target?: string;
}

interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
}

/** Every figure the benchmarks print, grouped by benchmark, with its references and targets. */
export const SECTIONS: readonly Section[] = [
  {
    title: 'Emulator (`emulator.bench.ts`)',
    rows: [
      { figure: 'emulator_start' },
      { figure: 'create_10000_objects' },
      { figure: 'heap_growth_10000_objects' },
      { figure: 'list_5000_objects_p50', references: ['kubectl_list_5000_objects'] },
      { figure: 'list_5000_objects_bytes' },
      { figure: 'open_watches' },
      { figure: 'watch_fanout_200_p50' },
      { figure: 'watch_fanout_200_p95' },
      { figure: 'watch_fanout_200_last' },
    ],
  },
  {
    title: 'The model (`model.bench.ts`), 2,000 clusters over 50 namespaces',
    rows: [
      { figure: 'bench_objects' },
      { figure: 'model_complete', references: ['kubectl_same_listing'], target: 'within 1 s' },
      { figure: 'model_list_phase' },
      { figure: 'model_derive_phase' },
      { figure: 'model_speedup_vs_kubectl', target: 'at least 4×' },
      { figure: 'model_floor_bare_https_lists' },
      { figure: 'model_over_floor_ratio' },
      { figure: 'model_heap_used' },
      { figure: 'idle_requests_per_minute', target: '0' },
      { figure: 'model_change_latency_p50', references: ['watch_raw_latency_p50'] },
      { figure: 'model_change_latency_p95', references: ['watch_raw_latency_p95'] },
      { figure: 'model_over_raw_p95', target: 'at most 10 ms' },
    ],
  },
  {
    title: 'Driver logs (`logs.bench.ts`)',
    rows: [
      { figure: 'driver_log_lines_per_second' },
      { figure: 'driver_log_appends_per_second', target: 'about 10' },
      { figure: 'driver_log_heap_growth_per_million_lines', target: 'bounded' },
    ],
  },
  {
    title: 'Open Spark UI (`openSparkUi.bench.ts`)',
    rows: [
      { figure: 'open_spark_ui_to_page_first' },
      { figure: 'open_spark_ui_to_page_p50' },
      { figure: 'open_spark_ui_to_page_p95' },
      { figure: 'spark_ui_page_through_forward_p50' },
    ],
  },
  {
    title:
      'Spark SQL first row (`sparkSql.bench.ts`), a 20,000-row query on sales-etl through the spark-connect port-forward, alternating with a bare ExecutePlan',
    rows: [
      { figure: 'spark_sql_first_run_first_row' },
      { figure: 'spark_sql_first_row_p50', references: ['spark_connect_bare_execute_first_batch_p50'] },
      { figure: 'spark_sql_first_row_p95', references: ['spark_connect_bare_execute_first_batch_p95'] },
      { figure: 'spark_sql_first_row_over_bare_p50' },
    ],
  },
  {
    title:
      'SQL results (`sqlResults.bench.ts`), 1,000,000 rows into the host’s store and, in Chromium under the CSP, into the grid while it scrolls',
    rows: [
      { figure: 'sql_store_rows_per_second', references: ['sql_bare_push_rows_per_second'] },
      { figure: 'sql_store_heap_at_limit_1m_rows', references: ['sql_bare_array_heap_1m_rows'] },
      { figure: 'sql_window_200_rows_p50' },
      { figure: 'sql_window_200_rows_p95', references: ['sql_window_bare_slice_clone_p95'] },
      { figure: 'sql_window_sorted_first_1m_rows' },
      { figure: 'sql_window_sorted_p95' },
      { figure: 'sql_grid_rows_per_second_streamed' },
      { figure: 'sql_grid_frame_p95_1m_rows', references: ['sql_grid_idle_frame_p95'], target: '16 ms' },
      { figure: 'sql_grid_frame_interval_p95_1m_rows', references: ['sql_grid_idle_frame_interval_p95'] },
      { figure: 'sql_grid_frames_dropped_percent' },
      { figure: 'sql_grid_frames_over_50ms', target: '0' },
      { figure: 'sql_grid_csp_violations', target: '0' },
    ],
  },
  {
    title:
      'Flink changelog (`flinkChangelog.bench.ts`), a grouped query over 200,000 datagen rows on the gateway, alternating with bare fetches',
    rows: [{ figure: 'flink_changelog_rows_per_second', references: ['bare_gateway_fetch_rows_per_second'] }],
  },
  {
    title:
      'Jar upload (`jarUpload.bench.ts`), 32 MiB through the port-forward to a session cluster’s JobManager, alternating with bare http',
    rows: [
      { figure: 'jar_upload_32mib_p50', references: ['jar_upload_raw_http_32mib_p50'] },
      { figure: 'jar_upload_mib_per_second', references: ['jar_upload_raw_http_mib_per_second'] },
      { figure: 'jar_upload_over_raw_ratio' },
      { figure: 'jar_upload_progress_calls' },
    ],
  },
  {
    title:
      'Task state (`taskState.bench.ts`), 20 suspends and resumes of an operator-managed task, the tree’s data beside a bare watch of flinksessionjobs',
    rows: [
      { figure: 'task_state_shown_after_action_p50', references: ['task_state_raw_watch_after_action_p50'] },
      { figure: 'task_state_shown_after_action_p95', references: ['task_state_raw_watch_after_action_p95'] },
      { figure: 'task_state_over_raw_watch_p50' },
      { figure: 'task_state_over_raw_watch_p95' },
      { figure: 'task_state_resume_over_raw_watch_p95' },
    ],
  },
  {
    title:
      'Task logs (`taskLogs.bench.ts`), 500,000 printed lines from a TaskManager pod per round, the task channels alternating with a bare follow',
    rows: [
      { figure: 'task_logs_channel_lines_per_second', references: ['task_log_raw_follow_lines_per_second'] },
      { figure: 'task_output_channel_lines_per_second', references: ['task_log_raw_follow_lines_per_second'] },
      { figure: 'task_output_channel_over_raw_ratio' },
      { figure: 'task_output_channel_appends_per_second' },
    ],
  },
  {
    title: 'Log viewer (`logViewer.bench.ts`), 200,000 lines at 20,000 lines/s in Chromium under the CSP',
    rows: [
      { figure: 'log_viewer_frame_p95_ms', references: ['log_viewer_idle_frame_p95_ms'], target: '16 ms (60 fps)' },
      { figure: 'log_viewer_frame_interval_p95_ms', references: ['log_viewer_idle_frame_interval_p95_ms'] },
      { figure: 'log_viewer_frames_over_50ms', target: '0' },
      { figure: 'log_viewer_search_200k_ms' },
      { figure: 'log_viewer_heap_mib' },
      { figure: 'log_viewer_csp_violations', target: '0' },
    ],
  },
  {
    title: 'Panel open (`panelOpen.bench.ts`), 20 opens in code-server, alternating with a trivial webview',
    rows: [
      { figure: 'panel_open_first_paint_p50_ms', references: ['panel_open_floor_trivial_webview_p50_ms'] },
      { figure: 'panel_open_first_paint_p95_ms', references: ['panel_open_floor_trivial_webview_p95_ms'], target: '300 ms' },
      { figure: 'panel_open_page_ready_p95_ms' },
      { figure: 'panel_open_click_to_visible_p95_ms' },
    ],
  },
  {
    title: 'Package and activation (`package.bench.ts`), in code-server against the demo (six namespaces)',
    rows: [
      { figure: 'vsix_size' },
      { figure: 'bundle_extension_js' },
      { figure: 'bundle_webview_cluster_js' },
      { figure: 'bundle_webview_form_js' },
      {
        figure: 'activation_event_to_bundle_loaded',
        references: ['bundle_require_node', 'client_library_require_node', 'client_library_size'],
      },
      { figure: 'activation_activate_call' },
      { figure: 'activation_activate_to_connection_created' },
      { figure: 'activation_connection_created_to_scope_chosen' },
      { figure: 'activation_scope_chosen_to_compute_listed' },
      { figure: 'activation_scope_chosen_to_session_listed' },
      { figure: 'activation_listed_to_populated' },
      { figure: 'activation_activate_to_compute_populated' },
      { figure: 'activation_activate_to_session_populated' },
      { figure: 'activation_own_work', target: '150 ms' },
      { figure: 'activation_event_to_views_populated' },
      { figure: 'activation_event_to_row_drawn' },
      { figure: 'activation_next_session_connection_created_to_scope_chosen' },
      { figure: 'activation_next_session_own_work' },
    ],
  },
  {
    title: 'Live update (`liveUpdate.bench.ts`), 20 changes written with kubectl, alternating with 20 of the floor tree',
    rows: [
      { figure: 'live_update_after_kubectl_p50', references: ['live_update_floor_p50'], target: 'within 50 ms of the floor' },
      { figure: 'live_update_after_kubectl_p95', references: ['live_update_floor_p95'], target: 'within 50 ms of the floor' },
      { figure: 'live_update_from_kubectl_start_p50', references: ['live_update_floor_from_writer_start_p50'] },
      { figure: 'live_update_from_kubectl_start_p95' },
      { figure: 'live_update_over_floor_p50', target: 'at most 50 ms' },
      { figure: 'live_update_over_floor_p95', target: 'at most 50 ms' },
    ],
  },
];

/** The figures the top-level README quotes: one line per claim it makes. */
export const HEADLINE: readonly string[] = [
  'vsix_size',
  'activation_event_to_views_populated',
  'activation_own_work',
  'live_update_after_kubectl_p50',
  'live_update_after_kubectl_p95',
  'panel_open_first_paint_p50_ms',
  'panel_open_first_paint_p95_ms',
  'log_viewer_frame_p95_ms',
  'log_viewer_search_200k_ms',
  'spark_sql_first_row_p50',
  'sql_grid_rows_per_second_streamed',
  'sql_grid_frame_p95_1m_rows',
  'flink_changelog_rows_per_second',
  'model_complete',
  'model_speedup_vs_kubectl',
  'model_change_latency_p95',
  'idle_requests_per_minute',
  'list_5000_objects_p50',
  'watch_fanout_200_p95',
];

const ROWS = new Map(SECTIONS.flatMap((s) => s.rows.map((r) => [r.figure, r] as const)));

function cells(run: BenchRun, row: Row): string {
  const f = run.figures.get(row.figure)!;
  const refs = (row.references ?? [])
    .filter((r) => run.figures.has(r))
    .map((r) => `\`${r}\` ${formatFigure(run.figures.get(r)!)}`)
    .join('; ');
  return `| \`${row.figure}\` | ${formatFigure(f)} | ${refs} | ${row.target ?? ''} |`;
}

/** Every figure a table needs is in the run; a table never fills a gap from another run. */
function requireFigures(run: BenchRun, names: readonly string[]): void {
  const missing = names.filter((n) => !run.figures.has(n));
  if (missing.length) throw new Error(`the run printed no ${missing.join(', ')}: a table is made from one complete run`);
}

const HEAD = ['| Figure | This run | Reference in the same run | Target |', '|---|---|---|---|'];

/** Every figure of the run, by benchmark; figures no section names yet are listed at the end, not dropped. */
export function figuresTable(run: BenchRun): string {
  requireFigures(
    run,
    SECTIONS.flatMap((s) => s.rows.map((r) => r.figure)),
  );
  const referenced = new Set(SECTIONS.flatMap((s) => s.rows.flatMap((r) => [r.figure, ...(r.references ?? [])])));
  const others = [...run.figures.keys()].filter((n) => !referenced.has(n));
  const lines = [...HEAD];
  for (const s of SECTIONS) lines.push(`| **${s.title}** | | | |`, ...s.rows.map((r) => cells(run, r)));
  if (others.length) lines.push('| **Other figures of the run** | | | |', ...others.map((figure) => cells(run, { figure })));
  return lines.join('\n');
}

/** The figures the README quotes, with their references and targets. */
export function headlineTable(run: BenchRun): string {
  requireFigures(run, HEADLINE);
  return [...HEAD, ...HEADLINE.map((n) => cells(run, ROWS.get(n) ?? { figure: n }))].join('\n');
}

/** Replaces what lies between a block's markers; a document without them is an error, not a silent no-op. */
export function rewriteMarkedBlock(doc: string, block: string, content: string): string {
  const begin = `<!-- bench:${block}:begin -->`;
  const end = `<!-- bench:${block}:end -->`;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${begin} … ${end} markers`);
  return `${doc.slice(0, from + begin.length)}\n${content}\n${doc.slice(to)}`;
}

/** The run's header lines as the sentence above a table. */
function provenance(run: BenchRun, log: string): string {
  return `Generated by \`test/bench/readmeTable.ts\` from one run's \`BENCH\` lines (\`${log}\`${run.about.length ? `; ${run.about.join('; ')}` : ''}).`;
}

export const ROOT = path.resolve(__dirname, '..', '..');

/** Rewrites both READMEs' tables from one log. */
export function writeReadmes(logFile: string): void {
  const run = parseBenchLog(fs.readFileSync(logFile, 'utf8'));
  const log = path.relative(ROOT, logFile);
  const targets: [string, string, string][] = [
    [path.join(ROOT, 'test', 'bench', 'README.md'), 'figures', `${provenance(run, log)}\n\n${figuresTable(run)}`],
    [path.join(ROOT, 'README.md'), 'headline', `${provenance(run, log)}\n\n${headlineTable(run)}`],
  ];
  for (const [file, block, content] of targets) fs.writeFileSync(file, rewriteMarkedBlock(fs.readFileSync(file, 'utf8'), block, content));
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx test/bench/readmeTable.ts <log with BENCH lines>');
    process.exit(2);
  }
  writeReadmes(path.resolve(file));
}
