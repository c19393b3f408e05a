import * as http from 'node:http';
import { jarContents } from './jarFile';
import { TERMINAL } from './jobs';
import { JobManager } from './jobManager';
import * as view from './views';

/**
 * The JobManager's REST API (the subset the product uses), answering as Flink's netty endpoint
 * does: JSON bodies, errors as `{"errors": [...]}` with 400/404/409/500, unknown paths as
 * `Not found: <path>`.
 */
export function flinkRestServer(jobManager: () => JobManager): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        route(jobManager(), req, Buffer.concat(chunks), res);
      } catch (e) {
        send(res, 500, {
          errors: ['Internal server error.', `<Exception on server side:\n${(e as Error).stack ?? e}\n\nEnd of exception on server side>`],
        });
      }
    });
  });
}

class RestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** The whole `errors` array, when Flink answers more than the message (500s). */
    readonly errors?: string[],
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Access-Control-Allow-Origin': '*',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const JOB_ID = /^[0-9a-f]{32}$/;

function route(jm: JobManager, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://jobmanager');
  const method = req.method ?? 'GET';
  const [code, answer] = restCall(jm, method, url.pathname + url.search, body, req.headers['content-type']);
  send(res, code, answer);
}

/**
 * One REST request answered in process, as the network endpoint answers it: what the emulated
 * operator sends the JobManager (it talks to the `<cluster>-rest` Service from inside the cluster).
 */
export function restCall(jm: JobManager, method: string, pathAndQuery: string, body: Buffer, contentType?: string): [number, any] {
  const url = new URL(pathAndQuery, 'http://jobmanager');
  const path = url.pathname.replace(/^\/v1(?=\/)/, '').replace(/\/$/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  try {
    const answer = dispatch(jm, method, parts, url.searchParams, contentType, body);
    if (answer === undefined) throw new RestError(404, `Not found: ${url.pathname}`);
    return answer as [number, any];
  } catch (e) {
    if (e instanceof RestError) return [e.code, { errors: e.errors ?? [e.message] }];
    throw e;
  }
}

type Answer = [number, unknown] | undefined;

function dispatch(jm: JobManager, method: string, p: string[], q: URLSearchParams, contentType: string | undefined, body: Buffer): Answer {
  const key = `${method} /${p.map((s, i) => (i > 0 && (p[0] === 'jars' || p[0] === 'jobs') && i % 2 === 1 && s !== 'overview' && s !== 'upload' ? '*' : s)).join('/')}`;
  switch (key) {
    case 'GET /config':
      return [200, view.dashboardConfig()];
    case 'GET /overview':
      return [200, view.clusterOverview(jm)];
    case 'GET /taskmanagers':
      return [200, view.taskManagers(jm)];
    case 'GET /jars':
      return [200, view.jarList(jm)];
    case 'POST /jars/upload':
      return upload(jm, contentType, body);
    case 'DELETE /jars/*': {
      if (!jm.jars.delete(p[1])) throw new RestError(400, `File ${p[1]} does not exist in ${jm.uploadDir}.`);
      return [200, {}];
    }
    case 'POST /jars/*/run':
      return runJar(jm, p[1], q, body);
    case 'GET /jobs':
      return [200, { jobs: [...jm.jobs.values()].map((j) => ({ id: j.jid, status: j.state })) }];
    case 'GET /jobs/overview':
      return [200, view.jobOverview(jm)];
    case 'GET /jobs/*':
      return [200, view.jobDetails(jm, job(jm, p[1]))];
    case 'PATCH /jobs/*': {
      const mode = (q.get('mode') ?? 'cancel').toLowerCase();
      if (mode === 'stop')
        throw new RestError(
          400,
          'The termination mode "stop" has been removed. For an ungraceful shutdown, please use "cancel" instead. For a graceful shutdown, please use "jobs/:jobId/stop" instead.',
        );
      if (mode !== 'cancel')
        throw new RestError(400, `Bad request, could not parse parameters: Invalid value '${mode}' for parameter mode.`);
      const j = job(jm, p[1]);
      if (TERMINAL.has(j.state))
        throw new RestError(409, `Job cancellation failed because the job has already reached another terminal state (${j.state}).`);
      j.cancel();
      return [202, {}];
    }
    case 'GET /jobs/*/config':
      return [200, view.jobConfig(job(jm, p[1]))];
    case 'GET /jobs/*/exceptions': {
      const max = Number(q.get('maxExceptions') ?? 20);
      if (!Number.isInteger(max) || max < 0)
        throw new RestError(400, `Bad request, could not parse parameters: Cannot parse maxExceptions.`);
      return [200, view.jobExceptions(job(jm, p[1]), max)];
    }
    case 'GET /jobs/*/vertices/*/taskmanagers': {
      const info = view.vertexTaskManagers(jm, job(jm, p[1]), p[3]);
      if (info === undefined) throw new RestError(404, `JobVertexID ${p[3]} not found in job ${p[1]}.`);
      return [200, info];
    }
    case 'GET /jobs/*/checkpoints':
      return [200, view.checkpointStats(job(jm, p[1]))];
    case 'POST /jobs/*/stop': {
      const j = job(jm, p[1]);
      const req = parseJson(body) as { targetDirectory?: string; triggerId?: string };
      const trigger = req.triggerId ?? jm.random.hex(32);
      j.stopWithSavepoint(trigger, req.targetDirectory);
      return [202, { 'request-id': trigger }];
    }
    case 'GET /jobs/*/savepoints/*': {
      const op = job(jm, p[1]).operations.get(p[3]);
      if (!op) throw new RestError(404, `There is no savepoint operation with triggerId=${p[3]} for job ${p[1]}.`);
      if (!op.done) return [200, { status: { id: 'IN_PROGRESS' }, operation: null }];
      const operation = op.failure
        ? {
            'failure-cause': {
              class: op.failure.className,
              'stack-trace': op.failure.stacktrace,
              'serialized-throwable': Buffer.from(op.failure.stacktrace).toString('base64'),
            },
          }
        : { location: op.location };
      return [200, { status: { id: 'COMPLETED' }, operation }];
    }
    default:
      return undefined;
  }
}

function job(jm: JobManager, id: string) {
  if (!JOB_ID.test(id))
    throw new RestError(400, `Bad request, could not parse parameters: Cannot resolve path parameter (jobid) from value "${id}".`);
  const j = jm.jobs.get(id);
  if (!j) throw new RestError(404, `Job ${id} not found`);
  return j;
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (!body.length) return {};
  try {
    const v = JSON.parse(body.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // answered below, as Flink does
  }
  throw new RestError(400, 'Request did not match expected format.');
}

function upload(jm: JobManager, contentType: string | undefined, body: Buffer): Answer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) throw new RestError(400, 'Request is not a multipart/form-data request.');
  const parts = multipart(body, boundary[1] ?? boundary[2]);
  const jars = parts.filter((part) => part.filename !== undefined);
  if (jars.length !== 1) throw new RestError(400, `Exactly 1 file must be sent, received ${jars.length}.`);
  const file = jars[0];
  if (!file.filename!.endsWith('.jar')) throw new RestError(400, 'Only Jar files are allowed.');
  const id = `${jm.random.uuid()}_${file.filename}`;
  // A jar is a zip: its manifest and class list are read; bytes that are no zip are searched for the manifest's text.
  const contents = jarContents(file.data);
  const manifest = /(?:Main-Class|program-class):\s*([\w.$]+)/.exec(file.data.toString('latin1'));
  jm.jars.set(id, {
    id,
    name: file.filename!,
    uploaded: jm.clock.now(),
    entryClass: contents ? contents.mainClass : manifest?.[1],
    classes: contents?.classes.length ? contents.classes : undefined,
    data: Buffer.from(file.data),
  });
  return [200, { filename: `${jm.uploadDir}/${id}`, status: 'success' }];
}

function multipart(body: Buffer, boundary: string): { name?: string; filename?: string; data: Buffer }[] {
  const out: { name?: string; filename?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      out.push({
        name: /name="([^"]*)"/i.exec(headers)?.[1],
        filename: /filename="([^"]*)"/i.exec(headers)?.[1],
        data: chunk.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return out;
}

function runJar(jm: JobManager, jarId: string, q: URLSearchParams, body: Buffer): Answer {
  const jar = jm.jars.get(jarId);
  if (!jar) throw new RestError(400, `Jar file ${jm.uploadDir}/${jarId} does not exist`);
  const r = parseJson(body) as {
    entryClass?: string;
    programArgsList?: string[];
    programArgs?: string;
    parallelism?: number;
    savepointPath?: string;
    allowNonRestoredState?: boolean;
    jobId?: string;
  };
  const entryClass = r.entryClass ?? q.get('entry-class') ?? jar.entryClass;
  if (!entryClass)
    throw new RestError(
      400,
      `Could not execute application: org.apache.flink.client.program.ProgramInvocationException: Neither a 'Main-Class', nor a 'program-class' entry was found in the jar file.`,
    );
  if (jar.classes && !jar.classes.includes(entryClass)) throw entryClassNotFound(entryClass);
  const args = r.programArgsList ?? (r.programArgs ?? q.get('programArg') ?? '').split(/[\s,]+/).filter(Boolean);
  const parallelism = Number(r.parallelism ?? q.get('parallelism') ?? jm.config('parallelism.default') ?? 1);
  if (!Number.isInteger(parallelism) || parallelism < 1)
    throw new RestError(400, `Parallelism must be a positive integer, got ${parallelism}.`);
  const savepointPath = r.savepointPath ?? q.get('savepointPath') ?? undefined;
  const allowNonRestored = r.allowNonRestoredState ?? q.get('allowNonRestoredState') === 'true';
  let restoreFrom;
  if (savepointPath) {
    restoreFrom = jm.savepointAt(savepointPath);
    if (!restoreFrom)
      throw new RestError(
        400,
        `Could not execute application: java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory '${savepointPath}' on file system '${savepointPath.split(':')[0]}'.`,
      );
    if (restoreFrom.entryClass !== entryClass && !allowNonRestored)
      throw new RestError(
        400,
        `Could not execute application: java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint ${savepointPath}. Cannot map checkpoint/savepoint state for operator ${restoreFrom.entryClass} to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
      );
    if (restoreFrom.entryClass !== entryClass) restoreFrom = undefined;
  }
  if (r.jobId !== undefined && jm.jobs.has(r.jobId)) throw new RestError(409, `Job has already been submitted.`);
  const j = jm.run({ jarId, entryClass, args, parallelism, restoreFrom, savepointPath, jar: jar.data }, r.jobId);
  return [200, { jobid: j.jid }];
}

/**
 * A run naming a class the jar does not hold: PackagedProgram cannot load the entry point, the
 * handler's CompletionException escapes it, and the endpoint answers 500 with the server-side trace.
 */
function entryClassNotFound(entryClass: string): RestError {
  const message = `The program's entry point class '${entryClass}' was not found in the jar file.`;
  const trace = [
    `org.apache.flink.client.program.ProgramInvocationException: ${message}`,
    '\tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:481)',
    '\tat org.apache.flink.client.program.PackagedProgram.<init>(PackagedProgram.java:153)',
    '\tat org.apache.flink.client.program.PackagedProgram$Builder.build(PackagedProgram.java:1093)',
    '\tat org.apache.flink.runtime.webmonitor.handlers.utils.JarHandlerUtils$JarHandlerContext.toPackagedProgram(JarHandlerUtils.java:223)',
    '\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.handleRequest(JarRunHandler.java:108)',
    `Caused by: java.lang.ClassNotFoundException: ${entryClass}`,
    '\tat java.base/java.net.URLClassLoader.findClass(Unknown Source)',
    '\tat java.base/java.lang.ClassLoader.loadClass(Unknown Source)',
    '\tat org.apache.flink.util.FlinkUserCodeClassLoader.loadClassWithoutExceptionHandling(FlinkUserCodeClassLoader.java:67)',
    '\tat org.apache.flink.util.ChildFirstClassLoader.loadClassWithoutExceptionHandling(ChildFirstClassLoader.java:74)',
    '\tat java.base/java.lang.Class.forName0(Native Method)',
    '\tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:477)',
    '\t... 4 more',
  ].join('\n');
  return new RestError(500, 'Internal server error.', [
    'Internal server error.',
    `<Exception on server side:\n${trace}\n\nEnd of exception on server side>`,
  ]);
}
