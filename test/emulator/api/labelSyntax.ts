/**
 * Label key and value syntax with the messages of apimachinery's validation (IsQualifiedName,
 * IsValidLabelValue), all reported on the field `metadata.labels` as the real server does.
 */
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const NAME_PART_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME = `a qualified name ${NAME_PART_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Problems with a qualified name (label key, annotation key), as "Invalid value" messages. */
export function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  const invalid = (why: string) => `Invalid value: ${JSON.stringify(key)}: ${why}`;
  if (parts.length > 2) return [invalid(QUALIFIED_NAME)];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const out: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) out.push(invalid('prefix part must be non-empty'));
    else if (prefix.length > 253) out.push(invalid('prefix part must be no more than 253 characters'));
    else if (!DNS1123_SUBDOMAIN.test(prefix))
      out.push(
        invalid(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ),
      );
  }
  if (name.length === 0) out.push(invalid('name part must be non-empty'));
  else if (name.length > 63) out.push(invalid('name part must be no more than 63 characters'));
  // The syntax is checked whatever the length (an empty name part fails both).
  if (!NAME_PART.test(name)) out.push(invalid(`name part ${NAME_PART_RULE}`));
  return out;
}

export function labelValueErrors(value: unknown): string[] {
  if (typeof value !== 'string') return [`Invalid value: ${JSON.stringify(value)}: label values must be strings`];
  const out: string[] = [];
  if (value.length > 63) out.push(`Invalid value: ${JSON.stringify(value)}: must be no more than 63 characters`);
  if (!VALUE.test(value)) out.push(`Invalid value: ${JSON.stringify(value)}: ${VALUE_RULE}`);
  return out;
}
