import * as assert from 'node:assert/strict';
import { cpuMillicores, diagnose } from '../../../src/panels/diagnose';

const pod = (status: unknown) => ({ metadata: { name: 'sales-etl-driver-abc' }, status }) as never;

describe('Diagnose', () => {
  it('an image that cannot be pulled: reason and image', () => {
    const d = diagnose({
      namespace: 'analytics',
      state: 'FAILED',
      reason: 'ImagePullBackOff: Back-off pulling image',
      pod: pod({
        containerStatuses: [
          {
            name: 'spark-driver',
            image: 'spark:3.5.9-bad',
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "spark:3.5.9-bad"' } },
          },
        ],
      }),
      warnings: [{ reason: 'Failed', message: 'Failed to pull image "spark:3.5.9-bad": manifest unknown: not found', count: 3 }],
      logLines: [],
    });
    assert.equal(d.summary, 'ImagePullBackOff: image spark:3.5.9-bad not found');
    assert.ok(d.details.some((x) => x.includes('Warning Failed (×3)')));
  });

  it('unschedulable on the quota: how much is left and how much the driver asks', () => {
    const d = diagnose({
      namespace: 'analytics',
      state: 'STARTING',
      warnings: [{ reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota: compute-quota', count: 1 }],
      logLines: [],
      quota: { hardCpu: '16', usedCpu: '14' },
      driverCpuMillicores: 4000,
    });
    assert.equal(d.summary, 'Unschedulable: the quota in analytics allows 2 more CPU, the driver asks for 4');
  });

  it('a crash loop names the exit code; error lines of the log are listed', () => {
    const d = diagnose({
      namespace: 'analytics',
      state: 'FAILED',
      pod: pod({
        containerStatuses: [
          {
            name: 'spark-driver',
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
      warnings: [],
      logLines: ['INFO starting', '26/11/29 10:00:01 ERROR SparkContext: Error initializing SparkContext.', 'INFO bye'],
    });
    assert.equal(
      d.summary,
      'CrashLoopBackOff: the driver keeps exiting (exit code 1, Error); last error: SparkContext: Error initializing SparkContext.',
    );
    assert.ok(d.details.includes('Log: 26/11/29 10:00:01 ERROR SparkContext: Error initializing SparkContext.'));
  });

  it('falls back to the warning events, then the log, then the state reason, then says nothing was found', () => {
    assert.equal(
      diagnose({ namespace: 'a', state: 'FAILED', warnings: [{ reason: 'BackOff', message: 'restarting', count: 2 }], logLines: [] })
        .summary,
      'BackOff: restarting',
    );
    assert.equal(
      diagnose({ namespace: 'a', state: 'FAILED', warnings: [], logLines: ['java.lang.IllegalStateException: boom'] }).summary,
      'The driver log says: java.lang.IllegalStateException: boom',
    );
    assert.equal(diagnose({ namespace: 'a', state: 'FAILED', reason: 'Deadline', warnings: [], logLines: [] }).summary, 'Deadline');
    assert.match(diagnose({ namespace: 'a', state: 'STARTING', warnings: [], logLines: [] }).summary, /^Still starting/);
  });

  it('reads CPU quantities', () => {
    assert.equal(cpuMillicores('4'), 4000);
    assert.equal(cpuMillicores('500m'), 500);
    assert.equal(cpuMillicores('1.5'), 1500);
    assert.equal(cpuMillicores('lots'), undefined);
  });
});
