import * as fs from 'node:fs';
import * as path from 'node:path';
import * as net from 'node:net';
import { DEMO_ENTRY_CLASS, DEMO_JAR_PATH, DEMO_JAR_URL } from './demoJar';
import { buildJar } from './jarFile';

export { DEMO_JAR_URL, DEMO_ENTRY_CLASS };
export const DEMO_REPLAY_CLASS = 'com.example.orders.ReplayJob';
/** Flink's TopSpeedWindowing example on Maven Central, which older demo session jobs run. */
export const TOP_SPEED_JAR_URL =
  'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming_2.12/1.16.1/flink-examples-streaming_2.12-1.16.1-TopSpeedWindowing.jar';

/** Why a jar URI cannot be fetched: the operator's validation message, or the fetch's exception. */
export type ArtifactRefusal = { kind: 'validation'; message: string } | { kind: 'fetch'; exception: string; message: string };

/**
 * The artifact repository the emulated operator fetches session-job jars from: https URLs mapped to
 * jar bytes. It applies the operator's default rules for `spec.job.jarURI`
 * (`kubernetes.operator.user.artifacts.allowed-schemes: https` and
 * `kubernetes.operator.user.artifacts.disallow-restricted-hosts: true`): a URI without a scheme or
 * with another scheme, a host that resolves to a loopback, link-local, site-local, wildcard or
 * multicast address, or a host no DNS knows is refused in validation, with the operator's
 * messages. Hosts resolve when the repository holds an artifact on them (or they are IP literals,
 * or `localhost`). An unknown path on a known host fails the download as HttpURLConnection does,
 * with java.io.FileNotFoundException.
 */
export class ArtifactRepository {
  private readonly artifacts = new Map<string, Buffer>();

  constructor() {
    this.put(DEMO_JAR_URL, fs.readFileSync(DEMO_JAR_PATH));
    this.put(
      TOP_SPEED_JAR_URL,
      buildJar('org.apache.flink.streaming.examples.windowing.TopSpeedWindowing', [
        'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
        'org.apache.flink.streaming.examples.windowing.util.CarSource',
      ]),
    );
  }

  put(url: string, data: Buffer): void {
    this.artifacts.set(url, data);
  }

  /** The operator's validation of a jar URI (DefaultValidator.validateJarURI), undefined when valid. */
  validate(jarURI: string | undefined): string | undefined {
    if (jarURI === undefined) return undefined;
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(jarURI)?.[1];
    if (/\s/.test(jarURI)) return `jarURI is not a valid URI: Illegal character in path at index ${jarURI.search(/\s/)}: ${jarURI}`;
    if (!scheme) return 'jarURI must include a scheme';
    if (scheme.toLowerCase() !== 'https')
      return `jarURI scheme '${scheme}' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist.`;
    let host: string;
    try {
      host = new URL(jarURI).hostname;
    } catch {
      host = '';
    }
    if (!host) return 'jarURI must include a host for http/https schemes';
    const address = this.resolve(host.replace(/^\[|\]$/g, ''));
    if (!address) return `jarURI host '${host}' cannot be resolved`;
    if (restricted(address)) return `jarURI host '${host}' resolves to a restricted address`;
    return undefined;
  }

  /** Downloads a validated https URI: the jar bytes, or the exception HttpArtifactFetcher throws. */
  fetch(jarURI: string): { data: Buffer } | { exception: string; message: string } {
    const data = this.artifacts.get(jarURI);
    if (data) return { data };
    return { exception: 'java.io.FileNotFoundException', message: jarURI };
  }

  /** The jar's file name, as the fetcher names the downloaded copy (the URL path's last segment). */
  static fileName(jarURI: string): string {
    try {
      return path.posix.basename(new URL(jarURI).pathname) || 'artifact.jar';
    } catch {
      return 'artifact.jar';
    }
  }

  private resolve(host: string): string | undefined {
    if (net.isIP(host)) return host;
    if (host === 'localhost') return '127.0.0.1';
    for (const url of this.artifacts.keys()) if (new URL(url).hostname === host) return '203.0.113.10';
    return undefined;
  }
}

/** InetAddress's loopback, link-local, site-local, wildcard and multicast tests. */
function restricted(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      a === 0 ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^fe[89ab]/.test(v6) || /^fe[c-f]/.test(v6) || v6.startsWith('ff');
}
