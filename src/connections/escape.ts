/**
 * Escaping for each format the snippets are written in. Placeholders such as `<user>` are never
 * passed through these: they are meant to be replaced by hand, so they stay readable.
 */

/**
 * Percent-encodes everything but RFC 3986 unreserved characters, so `;`, `=`, `@`, `/`, `%`, `&`,
 * `?`, `#` and `+` all survive a decoder.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A host as it goes into a URI authority: IPv6 literals need brackets. */
export function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A Python string literal (double-quoted). */
export function pyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A YAML scalar: plain when YAML 1.1 and 1.2 parsers both read it back as the same string, else
 * single-quoted (the only escape inside is `''`). Strings that look like numbers, booleans or null
 * are quoted so dbt reads them as strings.
 */
export function yamlString(value: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(value) &&
    !/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/.test(value);
  if (plain) return value;
  // Double-quoted YAML accepts JSON escapes.
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return JSON.stringify(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A value in a Java .properties file (read by Properties.load as ISO 8859-1): backslash escapes,
 * a leading space kept with `\ `, and everything outside printable ASCII as `\uXXXX`.
 */
export function propertiesValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === ' ' && i === 0) out += '\\ ';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** A Power Query M text literal: double quotes are doubled, control characters use M's `#(lf)` escapes. */
export function mString(value: string): string {
  return `"${value.replace(/"/g, '""').replace(/\r/g, '#(cr)').replace(/\n/g, '#(lf)').replace(/\t/g, '#(tab)')}"`;
}

/** Whether a database name can go into a URI path as is (letters, digits, underscore: what Spark accepts unquoted). */
export function isPlainIdentifier(value: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(value);
}
