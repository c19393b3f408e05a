/**
 * The page's copy of the extension's log buffer, kept in step by `logs.reset` and `logs.append`.
 * Lines are numbered by sequence, so a repeated or overlapping append (a snapshot racing a live
 * batch) is applied once, and a gap (lines the page never got) starts the copy afresh rather than
 * numbering lines wrongly.
 */
import type { ClusterPage } from '../../shared/protocol/clusterPage';
import type { LogBuffer } from '../../shared/logs/logBuffer';
import type { NotificationBody } from '../../shared/protocol/envelope';

export function applyReset(buffer: LogBuffer, body: NotificationBody<ClusterPage, 'logs.reset'>): void {
  buffer.clear(body.firstSeq);
  buffer.push(body.lines);
}

/** Returns whether anything changed. */
export function applyAppend(buffer: LogBuffer, body: NotificationBody<ClusterPage, 'logs.append'>): boolean {
  const end = body.firstSeq + body.lines.length;
  if (end <= buffer.endSeq) return false;
  if (body.firstSeq > buffer.endSeq) {
    buffer.clear(body.firstSeq);
    buffer.push(body.lines);
    return true;
  }
  buffer.push(body.firstSeq === buffer.endSeq ? body.lines : body.lines.slice(buffer.endSeq - body.firstSeq));
  return true;
}
