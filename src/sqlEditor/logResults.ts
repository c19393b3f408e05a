import type { Logger } from '../common/logger';
import type { SqlResultsPort, SqlRunSink } from '../sql/sqlEngine';

/**
 * Where runs report when no results panel is wired: the extension's log, one line per run's
 * phase and end (rows are counted, not kept). The results panel replaces it.
 */
export function logSqlResults(logger: Logger): SqlResultsPort {
  return {
    begin(run): SqlRunSink {
      const where = `${run.documentName} → ${run.target.kind}/${run.target.namespace}/${run.target.name}`;
      let rows = 0;
      logger.info(`SQL ${where}: ${run.statement}`);
      return {
        progress: (p) => logger.debug(`SQL ${where}: ${p.phase}${p.detail ? ` (${p.detail})` : ''}`),
        shape: (s) => logger.debug(`SQL ${where}: columns ${s.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`),
        rows: (r) => void (rows += r.length),
        job: (id) => logger.info(`SQL ${where}: job ${id}`),
        done: (o) => logger.info(`SQL ${where}: done, ${o.kind === 'rows' ? `${rows} rows` : (o.message ?? 'ok')}`),
        failed: (m) => logger.warn(`SQL ${where}: failed: ${m}`),
        cancelled: () => logger.info(`SQL ${where}: cancelled`),
      };
    },
  };
}
