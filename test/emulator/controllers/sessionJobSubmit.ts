import { ArtifactRepository } from '../flink/artifacts';
import { JobManager } from '../flink/jobManager';
import { restCall } from '../flink/rest';
import { OperatorError, Throwable, javaString } from './sessionJobStatus';

const BOUNDARY = 'flink-operator-upload';

/**
 * What the operator's AbstractFlinkService does against a session cluster's REST API: fetch the
 * jar (ArtifactManager), upload it (`POST /jars/upload`), run it (`POST /jars/{id}/run` with the
 * job id the reconciler chose) and delete the uploaded jar again; stop a job with a savepoint or
 * cancel it. Failures come back as the exception chains the operator sees.
 */
export class JobSubmitter {
  constructor(readonly artifacts: ArtifactRepository) {}

  submit(jm: JobManager, job: any, jobId: string, savepoint: string | undefined): void {
    const uri = String(job.jarURI ?? '');
    const fetched = this.artifacts.fetch(uri);
    if (!('data' in fetched)) throw new OperatorError([{ type: fetched.exception, message: fetched.message }]);
    const fileName = ArtifactRepository.fileName(uri);
    const body = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="jarfile"; filename="${fileName}"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
      ),
      fetched.data,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
    const [uploadCode, uploaded] = restCall(jm, 'POST', '/jars/upload', body, `multipart/form-data; boundary=${BOUNDARY}`);
    if (uploadCode !== 200) throw new OperatorError(restFailure(uploadCode, uploaded, false));
    const jarId = String(uploaded.filename).slice(String(uploaded.filename).lastIndexOf('/') + 1);
    try {
      const request: Record<string, unknown> = { jobId, allowNonRestoredState: job.allowNonRestoredState ?? false, claimMode: 'DEFAULT' };
      if (job.entryClass) request.entryClass = job.entryClass;
      if (Array.isArray(job.args)) request.programArgsList = job.args.map(String);
      if (Number(job.parallelism) > 0) request.parallelism = Number(job.parallelism);
      if (savepoint) request.savepointPath = savepoint;
      const [code, answer] = restCall(
        jm,
        'POST',
        `/jars/${encodeURIComponent(jarId)}/run`,
        Buffer.from(JSON.stringify(request)),
        'application/json',
      );
      if (code !== 200) throw new OperatorError(restFailure(code, answer, true));
    } finally {
      restCall(jm, 'DELETE', `/jars/${encodeURIComponent(jarId)}`, Buffer.alloc(0));
    }
  }

  /** Stops the job with a savepoint into `dir`; answers the trigger id to ask about. */
  stopWithSavepoint(jm: JobManager, jid: string, dir: string | undefined): string {
    const request = dir ? { targetDirectory: dir, drain: false, formatType: 'CANONICAL' } : { drain: false, formatType: 'CANONICAL' };
    const [, answer] = restCall(jm, 'POST', `/jobs/${jid}/stop`, Buffer.from(JSON.stringify(request)), 'application/json');
    return String(answer?.['request-id'] ?? '');
  }

  cancel(jm: JobManager, jid: string): void {
    restCall(jm, 'PATCH', `/jobs/${jid}?mode=cancel`, Buffer.alloc(0));
  }

  /** The savepoint's outcome: undefined while in progress, its location, or the failure chain. */
  savepointResult(jm: JobManager, jid: string, trigger: string): { location: string } | { failure: Throwable[] } | undefined {
    const [code, answer] = restCall(jm, 'GET', `/jobs/${jid}/savepoints/${trigger}`, Buffer.alloc(0));
    if (code !== 200)
      return { failure: [{ type: 'org.apache.flink.kubernetes.operator.exception.UpgradeFailureException', message: 'Savepoint Error' }] };
    if (answer.status?.id !== 'COMPLETED') return undefined;
    if (answer.operation?.location) return { location: answer.operation.location };
    const cause = answer.operation?.['failure-cause'];
    const first = String(cause?.['stack-trace'] ?? 'Savepoint failed').split('\n')[0];
    const i = first.indexOf(': ');
    const inner: Throwable = i > 0 ? { type: first.slice(0, i), message: first.slice(i + 2) } : { type: first };
    const execution: Throwable = { type: 'java.util.concurrent.ExecutionException', message: javaString(inner) };
    return {
      failure: [
        {
          type: 'org.apache.flink.kubernetes.operator.exception.UpgradeFailureException',
          message: 'Savepoint Error',
          additionalMetadata: {},
        },
        execution,
        inner,
      ],
    };
  }
}

/**
 * A REST error as the operator's RestClient reports it: RestClientException with the `errors`
 * list as its message and the HTTP status as metadata, inside the future's ExecutionException,
 * inside FlinkRuntimeException for a run (AbstractFlinkService.runJar wraps it).
 */
function restFailure(code: number, answer: any, run: boolean): Throwable[] {
  const errors: string[] = Array.isArray(answer?.errors) ? answer.errors.map(String) : [JSON.stringify(answer)];
  const rest: Throwable = {
    type: 'org.apache.flink.runtime.rest.util.RestClientException',
    message: `[${errors.join(', ')}]`,
    additionalMetadata: { httpResponseCode: code },
  };
  const execution: Throwable = { type: 'java.util.concurrent.ExecutionException', message: javaString(rest) };
  return run
    ? [{ type: 'org.apache.flink.util.FlinkRuntimeException', message: javaString(execution) }, execution, rest]
    : [execution, rest];
}
