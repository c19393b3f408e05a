import * as https from 'node:https';
import * as net from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { PortForwardError, refusal } from './portForwardError';
import * as l10n from '@vscode/l10n';

/**
 * One pods/portforward stream: a WebSocket speaking the v4.channel.k8s.io framing client-node's
 * PortForward uses. Every binary message starts with its channel (0 data, 1 errors); the first
 * message on each channel from the server carries the port number (2 bytes, little endian).
 */
const PROTOCOL = 'v4.channel.k8s.io';

/** A frame from the pod, with the port announcement dropped; undefined for what is not data or an error. */
export type FrameReader = ((data: Buffer) => { readonly channel: 0 | 1; readonly payload: Buffer } | undefined) & {
  /** Both channels announced their port: the stream is up. */
  readonly announced: () => boolean;
};

/** Reads one stream's frames, remembering which channels have announced their port. */
export function frameReader(): FrameReader {
  const announced = [false, false];
  const read = (data: Buffer) => {
    if (data.length === 0) return undefined;
    const channel = data[0];
    if (channel > 1) return undefined;
    let payload = data.subarray(1);
    if (!announced[channel]) {
      announced[channel] = true;
      payload = payload.subarray(2);
    }
    return { channel: channel as 0 | 1, payload };
  };
  return Object.assign(read, { announced: () => announced[0] && announced[1] });
}

/** Opens the stream to a pod's port; rejects with a PortForwardError that says why it was refused. */
export async function openStream(kc: KubeConfig, namespace: string, pod: string, port: number, timeoutMs: number): Promise<WebSocket> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new PortForwardError(l10n.t('The kubeconfig has no current cluster.'), 'Failed');
  const server = cluster.server.replace(/\/+$/, '');
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`;
  const url = server.replace(/^http/, 'ws') + path;
  const opts: https.RequestOptions = { headers: { 'User-Agent': 'data-clusters-vscode' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, [PROTOCOL], { ...(opts as WebSocket.ClientOptions), handshakeTimeout: timeoutMs });
    let settled = false;
    const fail = (err: PortForwardError) => {
      if (settled) return;
      settled = true;
      ws.terminate();
      reject(err);
    };
    ws.once('open', () => {
      settled = true;
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => fail(refusal(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), namespace, pod, port)));
    });
    ws.once('error', (e: NodeJS.ErrnoException) => {
      fail(
        new PortForwardError(
          l10n.t('Cannot reach the Kubernetes API server at {0} to port-forward: {1}.', server, e.code ?? e.message),
          'Unreachable',
        ),
      );
    });
  });
}

/** Opens and closes one stream to see that forwarding is allowed and the pod's port answers. */
export async function probeStream(kc: KubeConfig, namespace: string, pod: string, port: number, timeoutMs: number): Promise<void> {
  const ws = await openStream(kc, namespace, pod, port, timeoutMs);
  await new Promise<void>((resolve, reject) => {
    const read = frameReader();
    let settled = false;
    // A server that announces nothing within the grace period has not refused either.
    const timer = setTimeout(() => done(), 2_000);
    const done = (err?: PortForwardError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if (err) reject(err);
      else resolve();
    };
    ws.on('message', (data: Buffer) => {
      const frame = read(data);
      if (!frame) return;
      if (frame.channel === 1 && frame.payload.length > 0)
        return done(
          new PortForwardError(
            l10n.t('Pod {0} in {1} does not accept connections on port {2}: {3}', pod, namespace, port, frame.payload.toString('utf8')),
            'PodNotRunning',
          ),
        );
      // Both channels announced their port and no error followed at once: the stream is up.
      if (read.announced()) setTimeout(() => done(), 50);
    });
    ws.on('close', () => done());
  });
}

/**
 * Carries one local connection over an open stream, both ways, with backpressure. An error the pod
 * sends on channel 1 goes to `onRemoteError`, which ends the connection.
 */
export function pipeStream(ws: WebSocket, socket: net.Socket, onRemoteError: (message: string) => void): void {
  const read = frameReader();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const frame = read(data);
    if (!frame || frame.payload.length === 0) return;
    if (frame.channel === 0) {
      if (!socket.write(frame.payload)) {
        ws.pause();
        socket.once('drain', () => ws.resume());
      }
    } else {
      onRemoteError(frame.payload.toString('utf8'));
    }
  });
  ws.on('close', () => socket.end());
  ws.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(Buffer.concat([Buffer.from([0]), chunk]));
    // Backpressure the local client when the WebSocket buffers too much.
    if (ws.bufferedAmount > 4 * 1024 * 1024) {
      socket.pause();
      const wait = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount < 1024 * 1024) {
          clearInterval(wait);
          socket.resume();
        }
      }, 20);
    }
  });
  socket.on('end', () => ws.close());
  socket.on('close', () => ws.readyState === WebSocket.OPEN && ws.close());
  socket.resume();
}
