import * as l10n from '@vscode/l10n';

export type PortForwardErrorReason =
  /** The local port is taken by another program. */
  | 'PortInUse'
  /** 403 on pods/portforward. */
  | 'Forbidden'
  /** 401: the credentials were rejected. */
  | 'Unauthorized'
  /** The pod the forward pointed at no longer exists, and resolvePod() found none to replace it. */
  | 'PodGone'
  /** The pod exists but does not run (or the port inside it refuses). */
  | 'PodNotRunning'
  /** resolvePod() found no pod: e.g. the cluster is not ACTIVE. */
  | 'NoPod'
  /** The API server could not be reached. */
  | 'Unreachable'
  | 'Failed';

/** Why a forward could not start or a connection through it failed, with a message fit to show. */
export class PortForwardError extends Error {
  constructor(
    message: string,
    readonly reason: PortForwardErrorReason,
    /** HTTP status of the refused upgrade, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PortForwardError';
  }
}

/** Turns a refused upgrade into the error the user needs to see. */
export function refusal(status: number, body: string, namespace: string, pod: string, port: number): PortForwardError {
  let message = '';
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? '';
  } catch {
    message = body.length < 300 ? body.trim() : '';
  }
  switch (status) {
    case 403:
      return new PortForwardError(
        message
          ? l10n.t(
              'Not allowed to port-forward to pod {0} in namespace {1} (403 Forbidden): your user needs "create" on pods/portforward there. The API server said: {2}',
              pod,
              namespace,
              message,
            )
          : l10n.t(
              'Not allowed to port-forward to pod {0} in namespace {1} (403 Forbidden): your user needs "create" on pods/portforward there.',
              pod,
              namespace,
            ),
        'Forbidden',
        403,
      );
    case 401:
      return new PortForwardError(
        l10n.t('The Kubernetes API server rejected your credentials (401 Unauthorized): log in again or choose another context.'),
        'Unauthorized',
        401,
      );
    case 404:
      return new PortForwardError(l10n.t('Pod {0} in namespace {1} is gone (404 Not Found).', pod, namespace), 'PodGone', 404);
    default:
      return new PortForwardError(
        l10n.t(
          'Port-forward to pod {0} port {1} in {2} was refused ({3}){4}.',
          pod,
          port,
          namespace,
          status,
          message ? `: ${message}` : '',
        ),
        status >= 500 ? 'Unreachable' : 'Failed',
        status,
      );
  }
}
