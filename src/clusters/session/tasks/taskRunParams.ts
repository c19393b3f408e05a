import { FieldError } from '../../../../shared/clusters/validation';
import type { TaskRunParams } from './taskTypes';
import * as l10n from '@vscode/l10n';

/** A task's name: a DNS-1123 label, since it names the FlinkSessionJob of a URI run. */
export const TASK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const TASK_NAME_MAX = 63;

/** The jar URI schemes the operator's artifact fetcher and Flink's file systems understand. */
export const JAR_URI_SCHEMES = [
  'https',
  'http',
  's3',
  's3a',
  's3p',
  'gs',
  'abfs',
  'abfss',
  'wasb',
  'wasbs',
  'hdfs',
  'oss',
  'local',
  'file',
] as const;
/** What the operator fetches by default; anything else needs its artifact fetcher configured. */
const FETCHED_BY_DEFAULT = new Set(['https', 'local']);
const MAX_ARGS = 1000;
const MAX_ARG_LENGTH = 16_384;

/** Problems with a jar URI: errors refuse the run, warnings are said before it. */
export interface UriCheck {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Hosts the operator refuses to fetch from: loopback, private, link-local and cluster-internal addresses. */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.svc') || h.includes('.svc.cluster.local'))
    return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80');
}

/**
 * Checks a jar URI before anything is written. The Flink operator fetches session-job jars itself
 * and, by default, only over https and never from private or loopback hosts; `local:` names a file
 * already in the image. Other schemes are Flink file systems the cluster may or may not have.
 */
export function checkJarUri(uri: string): UriCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(uri.trim());
  if (!uri.trim()) return { errors: [l10n.t('A jar URI is required.')], warnings };
  if (!m) return { errors: [l10n.t('{0} is not a URI: it needs a scheme such as https: or local:.', uri)], warnings };
  const scheme = m[1].toLowerCase();
  if (!(JAR_URI_SCHEMES as readonly string[]).includes(scheme))
    return {
      errors: [l10n.t('The scheme {0}: is not one Flink can fetch a jar from; use one of {1}.', scheme, JAR_URI_SCHEMES.join(', '))],
      warnings,
    };
  if (!/\.jar$/i.test(m[2].split(/[?#]/)[0])) warnings.push(l10n.t('{0} does not end in .jar.', uri));
  if (scheme === 'local' || scheme === 'file') {
    if (!m[2].startsWith('///') && !m[2].startsWith('/'))
      errors.push(l10n.t('A {0}: URI names an absolute path in the image, such as {0}:///opt/flink/usrlib/job.jar.', scheme));
    return { errors, warnings };
  }
  // hdfs:///path uses the default name node; every other scheme names its host or bucket.
  if (scheme !== 'hdfs' && !/^\/\/[^/]/.test(m[2])) {
    errors.push(l10n.t('{0} names no host or bucket.', uri));
    return { errors, warnings };
  }
  let host = '';
  try {
    host = new URL(uri).hostname;
  } catch {
    errors.push(l10n.t('{0} is not a valid URI.', uri));
    return { errors, warnings };
  }
  if (scheme === 'http')
    warnings.push(
      l10n.t('The Flink operator fetches jar URIs over https only unless its artifact fetcher allows http: this run may fail.'),
    );
  else if (!FETCHED_BY_DEFAULT.has(scheme))
    warnings.push(l10n.t('The Flink operator fetches {0}: jars only when its file system plugin is installed and configured.', scheme));
  if ((scheme === 'http' || scheme === 'https') && host && isPrivateHost(host))
    warnings.push(
      l10n.t('The Flink operator refuses jars from private and loopback hosts such as {0} unless it is configured to allow them.', host),
    );
  return { errors, warnings };
}

export function validateTaskName(name: unknown, field = 'name'): FieldError[] {
  if (typeof name !== 'string' || !name) return [{ field, message: l10n.t('A name is required.') }];
  if (name.length > TASK_NAME_MAX) return [{ field, message: l10n.t('At most {0} characters.', TASK_NAME_MAX) }];
  if (!TASK_NAME.test(name))
    return [{ field, message: l10n.t('Lowercase letters, digits and hyphens, starting and ending with a letter or digit.') }];
  return [];
}

/** Everything wrong with a run's parameters; the jar URI's warnings are not errors. */
export function validateRunParams(p: TaskRunParams): FieldError[] {
  const errors: FieldError[] = [...validateTaskName(p.name), ...validateTaskName(p.cluster, 'cluster')];
  if (!p.namespace) errors.push({ field: 'namespace', message: l10n.t('A namespace is required.') });
  if (p.source?.kind === 'uri') for (const message of checkJarUri(p.source.jarURI).errors) errors.push({ field: 'source.jarURI', message });
  else if (p.source?.kind === 'jar') {
    if (!p.source.path) errors.push({ field: 'source.path', message: l10n.t('A jar file is required.') });
  } else errors.push({ field: 'source', message: l10n.t('A jar file or a jar URI is required.') });
  if (p.entryClass !== undefined && !/^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u.test(p.entryClass))
    errors.push({ field: 'entryClass', message: l10n.t('A fully qualified class name such as com.example.Job.') });
  if (!Array.isArray(p.args) || p.args.some((a) => typeof a !== 'string'))
    errors.push({ field: 'args', message: l10n.t('Arguments are a list of strings.') });
  else if (p.args.length > MAX_ARGS) errors.push({ field: 'args', message: l10n.t('At most {0} arguments.', MAX_ARGS) });
  else if (p.args.some((a) => a.length > MAX_ARG_LENGTH || a.includes('\0')))
    errors.push({ field: 'args', message: l10n.t('An argument is at most {0} characters and has no NUL character.', MAX_ARG_LENGTH) });
  if (p.parallelism !== undefined && !(Number.isInteger(p.parallelism) && p.parallelism >= 1 && p.parallelism <= 32_768))
    errors.push({ field: 'parallelism', message: l10n.t('Parallelism is a whole number of at least 1.') });
  if (p.savepointPath !== undefined && !p.savepointPath.trim())
    errors.push({ field: 'savepointPath', message: l10n.t('A savepoint path, or nothing.') });
  if (p.upgradeMode !== undefined && !['stateless', 'savepoint', 'last-state'].includes(p.upgradeMode))
    errors.push({ field: 'upgradeMode', message: l10n.t('One of stateless, savepoint or last-state.') });
  return errors;
}

/** The errors as one sentence list, for an Error thrown to the caller. */
export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join(' ');
}
