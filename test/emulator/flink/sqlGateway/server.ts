import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { GatewaySession, JavaError, Operation } from './gatewayEngine';

/**
 * The Flink SQL Gateway's REST endpoint (SqlGatewayRestEndpoint, Flink 1.20) over the emulator's
 * small streaming engine. Answers as Flink's serializers write (FetchResultsResponseBodySerializer,
 * ResultInfoSerializer): `isQueryResult`, `results: {columns, rowFormat, data: [{kind, fields}]}`,
 * nothing but `resultType`/`nextResultUri` while NOT_READY. Failures are ErrorResponseBody:
 * `{"errors": ["Internal server error.", "<Exception on server side:\n...\nEnd of exception on server side>"]}`
 * for service exceptions, `{"errors": ["Not found: /path"]}` for unknown paths.
 */
export class SqlGateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly jobs: string[] = [];
  private seed = 1;

  /**
   * `cluster`, when given, is the session cluster's JobManager side: each statement that runs as a
   * job is a job there (so the task panel shows it) and cancelling the statement cancels it.
   */
  constructor(
    readonly flinkVersion = '1.20.0',
    private readonly cluster?: { submit(name: string, bounded?: { records: number; rate: number }): string; cancel(jobId: string): void },
  ) {}

  readonly jobHost = {
    submit: (name: string, bounded?: { records: number; rate: number }): string => {
      const id = this.cluster?.submit(name, bounded) ?? randomBytes(16).toString('hex');
      this.jobs.push(id);
      return id;
    },
  };

  private cancelJob(op: Operation): void {
    if (op.result?.jobId && op.result.isQuery && !op.finished) this.cluster?.cancel(op.result.jobId);
  }

  close(): void {
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }

  server(): http.Server {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let code = 200;
        let body: unknown;
        try {
          [code, body] = this.route(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          [code, body] = [500, { errors: ['Internal server error.', trace(e)] }];
        }
        const text = JSON.stringify(body);
        res.writeHead(code, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    server.on('close', () => this.close());
    return server;
  }

  /** One request: [status, body]. Exceptions become the 500 with the Java trace. */
  route(method: string, url: string, text: string): [number, unknown] {
    const u = new URL(url, 'http://gateway');
    const m = /^\/(v[123])(\/.*)$/.exec(u.pathname);
    if (!m) return [404, { errors: [`Not found: ${u.pathname}`] }];
    const version = m[1];
    const p = m[2].split('/').filter(Boolean);
    const body = text ? safeJson(text) : {};
    if (body === undefined) return [400, { errors: ['Request did not match expected format ' + 'RequestBody.'] }];
    const shape = p.map((seg, i) => ((i === 1 && p[0] === 'sessions') || (i === 3 && p[2] === 'operations') ? ':' : seg));
    const key = `${method} ${shape.join('/')}`;
    switch (key) {
      case 'GET api_versions':
        return [200, { versions: ['V1', 'V2', 'V3'] }];
      case 'GET info':
        return [200, { productName: 'Apache Flink', version: this.flinkVersion }];
      case 'POST sessions': {
        const s = new GatewaySession(body.properties ?? {}, this.jobHost, (this.seed += 1000));
        this.sessions.set(s.id, s);
        return [200, { sessionHandle: s.id }];
      }
      case 'GET sessions/:':
        return [200, { properties: { ...this.session(p[1]).config } }];
      case 'DELETE sessions/:': {
        this.session(p[1]).close();
        this.sessions.delete(p[1]);
        return [200, { status: 'CLOSED' }];
      }
      case 'POST sessions/:/heartbeat':
        this.session(p[1]);
        return [200, {}];
      case 'POST sessions/:/configure-session': {
        const op = this.session(p[1]).submit(String(body.statement ?? ''), true);
        this.session(p[1]).operations.delete(op.id);
        if (op.error) throw serviceError('Failed to configure session.', op.error);
        return [200, {}];
      }
      case 'POST sessions/:/statements': {
        const op = this.session(p[1]).submit(String(body.statement ?? ''));
        return [200, { operationHandle: op.id }];
      }
      case 'GET sessions/:/operations/:/status':
        return [200, { status: this.operation(p[1], p[3]).status }];
      case 'POST sessions/:/operations/:/cancel': {
        const op = this.operation(p[1], p[3]);
        if (op.status === 'RUNNING' || op.status === 'FINISHED') op.status = 'CANCELED';
        op.stop();
        this.cancelJob(op);
        return [200, { status: op.status }];
      }
      case 'DELETE sessions/:/operations/:/close': {
        const op = this.operation(p[1], p[3]);
        op.stop();
        this.cancelJob(op);
        op.status = 'CLOSED';
        this.session(p[1]).operations.delete(op.id);
        return [200, { status: 'CLOSED' }];
      }
    }
    if (method === 'GET' && p.length === 6 && p[0] === 'sessions' && p[2] === 'operations' && p[4] === 'result')
      return [200, this.fetch(version, p[1], p[3], Number(p[5]), u.searchParams.get('rowFormat') ?? 'JSON')];
    return [404, { errors: [`Not found: ${u.pathname}`] }];
  }

  private session(id: string): GatewaySession {
    const s = this.sessions.get(id);
    if (!s) throw new JavaError('org.apache.flink.table.gateway.api.utils.SqlGatewayException', `Session '${id}' does not exist.`);
    s.lastAccess = Date.now();
    return s;
  }

  private operation(session: string, id: string): Operation {
    const op = this.session(session).operations.get(id);
    if (!op)
      throw new JavaError(
        'org.apache.flink.table.gateway.api.utils.SqlGatewayException',
        `Can not find the submitted operation in the OperationManager with the ${id}.`,
      );
    return op;
  }

  private fetch(version: string, session: string, id: string, token: number, rowFormat: string): unknown {
    const op = this.operation(session, id);
    const uri = (t: number) => `/${version}/sessions/${session}/operations/${id}/result/${t}?rowFormat=${rowFormat}`;
    if (op.status === 'ERROR' && op.ready) throw serviceError('Failed to fetchResults.', op.error!);
    if (op.status === 'CANCELED' || op.status === 'CLOSED')
      throw serviceError(
        'Failed to fetchResults.',
        new JavaError(
          'org.apache.flink.table.gateway.api.utils.SqlGatewayException',
          `Can not fetch results from the ${id} in ${op.status} status.`,
        ),
      );
    if (!op.ready || !op.result) return { resultType: 'NOT_READY', nextResultUri: uri(token) };
    let rows;
    if (token === op.prev.token) rows = op.prev.rows;
    else if (token === op.token) {
      rows = op.buffer.splice(0);
      if (rows.length) {
        op.prev = { token, rows };
        op.token++;
      }
    } else
      throw serviceError(
        'Failed to fetchResults.',
        new JavaError('java.lang.IllegalArgumentException', `Expecting token to be ${op.token} or ${op.token - 1}, but found ${token}.`),
      );
    const eos = rows.length === 0 && op.finished && token === op.token;
    const r = op.result;
    const results = {
      columns: r.columns,
      rowFormat,
      data: rows.map((row) => ({
        kind: row.kind,
        fields: rowFormat === 'PLAIN_TEXT' ? row.fields.map((f) => (f === null ? null : String(f))) : row.fields,
      })),
    };
    const answer: Record<string, unknown> = { resultType: eos ? 'EOS' : 'PAYLOAD', isQueryResult: r.isQuery };
    if (r.jobId) answer.jobID = r.jobId;
    answer.resultKind = r.kind;
    answer.results = results;
    if (!eos) answer.nextResultUri = uri(rows.length ? token + 1 : token);
    return answer;
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The service's SqlGatewayException around the operation's failure, as the handler rethrows it. */
function serviceError(what: string, cause: JavaError): JavaError {
  const inner = new JavaError('org.apache.flink.table.gateway.api.utils.SqlGatewayException', what, cause);
  return new JavaError(
    'org.apache.flink.table.gateway.api.utils.SqlGatewayException',
    `org.apache.flink.table.gateway.api.utils.SqlGatewayException: ${what}`,
    inner,
  );
}

/** `ExceptionUtils.stringifyException` inside the REST handler's `<Exception on server side:` wrapper. */
export function trace(e: unknown): string {
  const lines: string[] = [];
  let cur: unknown = e;
  let first = true;
  while (cur) {
    const cls = cur instanceof JavaError ? cur.javaClass : 'java.lang.RuntimeException';
    const msg = (cur as Error).message ?? String(cur);
    lines.push(`${first ? '' : 'Caused by: '}${cls}: ${msg}`);
    lines.push(`\tat ${cls.replace(/\.[A-Za-z]+$/, '')}.Emulated.handle(Emulated.java:${lines.length})`);
    if (!first) lines.push('\t... 12 more');
    first = false;
    cur = cur instanceof JavaError ? cur.javaCause : undefined;
  }
  return `<Exception on server side:\n${lines.join('\n')}\n\nEnd of exception on server side>`;
}
