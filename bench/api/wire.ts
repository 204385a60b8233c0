/**
 * Wire formats of the four AWS protocols the scanner's clients speak, as far as the fake
 * transport needs them: reading query-protocol forms, and writing XML (EC2 query, AWS query)
 * and JSON (JSON 1.1, REST-JSON) responses and errors exactly as the SDK's deserializers
 * expect them.
 */
import { randomUUID } from 'node:crypto';

/** A response the fake transport sends back: status, headers and a UTF-8 body. */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** An error a service answers with; `status` is the HTTP status AWS uses for it. */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------
// Query protocols (EC2, Auto Scaling, STS): form-encoded request bodies
// ---------------------------------------------------------------------------------------

export type Form = Map<string, string>;

export function parseForm(body: string): Form {
  return new Map(new URLSearchParams(body));
}

/** `prefix.1`, `prefix.2`, … in order (EC2: `ImageId.1`; AWS query: `Names.member.1`). */
export function listParam(form: Form, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; ; i++) {
    const value = form.get(`${prefix}.${i}`);
    if (value === undefined) return values;
    values.push(value);
  }
}

export interface Filter {
  name: string;
  values: string[];
}

/** EC2 filters: `Filter.N.Name`, `Filter.N.Value.M`. */
export function ec2Filters(form: Form): Filter[] {
  const filters: Filter[] = [];
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
    filters.push({
      name: form.get(`Filter.${i}.Name`) ?? '',
      values: listParam(form, `Filter.${i}.Value`),
    });
  }
  return filters;
}

/** AWS query filters: `Filters.member.N.Name`, `Filters.member.N.Values.member.M`. */
export function queryFilters(form: Form): Filter[] {
  const filters: Filter[] = [];
  for (let i = 1; form.has(`Filters.member.${i}.Name`); i++) {
    filters.push({
      name: form.get(`Filters.member.${i}.Name`) ?? '',
      values: listParam(form, `Filters.member.${i}.Values.member`),
    });
  }
  return filters;
}

/** Whether a resource's tags pass the `tag-key`, `tag-value` and `tag:<key>` filters. */
export function tagsMatch(tags: Record<string, string>, filter: Filter): boolean {
  if (filter.name === 'tag-key') return filter.values.some((key) => key in tags);
  if (filter.name === 'tag-value')
    return Object.values(tags).some((v) => filter.values.includes(v));
  if (filter.name.startsWith('tag:')) {
    const value = tags[filter.name.slice(4)];
    return value !== undefined && filter.values.includes(value);
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------

/** An XML value: text, a nested element list, or a list of items under one element. */
export type XmlValue = string | number | boolean | undefined | XmlNode | XmlList;
export interface XmlNode {
  [name: string]: XmlValue;
}
/** Rendered as `<name><item>…</item>…</name>` (EC2) or `<member>` (AWS query). */
export interface XmlList {
  readonly list: readonly XmlValue[];
}

export function list(items: readonly XmlValue[]): XmlList {
  return { list: items };
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function isList(value: XmlValue): value is XmlList {
  return (
    typeof value === 'object' && value !== null && 'list' in value && Array.isArray(value.list)
  );
}

function render(value: XmlValue, itemName: string, out: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object') {
    out.push(escapeXml(String(value)));
    return;
  }
  if (isList(value)) {
    for (const item of value.list) {
      out.push(`<${itemName}>`);
      render(item, itemName, out);
      out.push(`</${itemName}>`);
    }
    return;
  }
  for (const [name, child] of Object.entries(value)) {
    if (child === undefined) continue;
    out.push(`<${name}>`);
    render(child, itemName, out);
    out.push(`</${name}>`);
  }
}

export function xmlDocument(
  root: string,
  namespace: string,
  content: XmlNode,
  itemName: string,
): string {
  const out = [`<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">`];
  render(content, itemName, out);
  out.push(`</${root}>`);
  return out.join('');
}

const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' };

/** An EC2 query response: `<ActionResponse>` holding the result's members and a requestId. */
export function ec2Response(action: string, content: XmlNode): WireResponse {
  return {
    statusCode: 200,
    headers: { ...XML_HEADERS },
    body: xmlDocument(
      `${action}Response`,
      'http://ec2.amazonaws.com/doc/2016-11-15/',
      { requestId: randomUUID(), ...content },
      'item',
    ),
  };
}

/** EC2's error document (`<Response><Errors><Error>…`). */
export function ec2Error(error: ServiceError): WireResponse {
  return {
    statusCode: error.status,
    headers: { ...XML_HEADERS },
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors>` +
      `<RequestID>${randomUUID()}</RequestID></Response>`,
  };
}

/** An AWS query response: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`. */
export function queryResponse(action: string, namespace: string, result: XmlNode): WireResponse {
  return {
    statusCode: 200,
    headers: { ...XML_HEADERS },
    body: xmlDocument(
      `${action}Response`,
      namespace,
      { [`${action}Result`]: result, ResponseMetadata: { RequestId: randomUUID() } },
      'member',
    ),
  };
}

/** The AWS query error document (`<ErrorResponse><Error><Type>Sender</Type>…`). */
export function queryError(namespace: string, error: ServiceError): WireResponse {
  return {
    statusCode: error.status,
    headers: { ...XML_HEADERS },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error>` +
      `<Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

// ---------------------------------------------------------------------------------------
// JSON (JSON 1.1 for SSM, REST-JSON for EKS)
// ---------------------------------------------------------------------------------------

export function jsonResponse(content: unknown, contentType: string): WireResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(content),
  };
}

/**
 * A JSON error: `__type` in the body (JSON 1.1) and the `x-amzn-errortype` header (REST-JSON),
 * which is what the SDK reads the error code from.
 */
export function jsonError(error: ServiceError, contentType: string): WireResponse {
  return {
    statusCode: error.status,
    headers: {
      'content-type': contentType,
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': `${error.code}:`,
    },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

// ---------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------

/** An opaque token holding the offset of the next page. */
export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, k: randomUUID().slice(0, 8) })).toString('base64');
}

export function offsetOf(token: string | undefined, code = 'InvalidNextToken'): number {
  if (token === undefined || token === '') return 0;
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new ServiceError(code, 'The specified pagination token is not valid.');
}

/** One page of `items` from the token's offset; `nextToken` when more remain. */
export function page<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
): { items: T[]; nextToken?: string } {
  const start = offsetOf(token);
  const end = start + size;
  return end < items.length
    ? { items: items.slice(start, end), nextToken: pageToken(end) }
    : { items: items.slice(start) };
}

/** A page size as the request gives it, checked against the API's bounds. */
export function pageSize(
  value: string | number | undefined,
  bounds: { min: number; max: number; default: number },
  parameter: string,
  code = 'InvalidParameterValue',
): number {
  if (value === undefined || value === '') return bounds.default;
  const size = Number(value);
  if (!Number.isInteger(size) || size < bounds.min || size > bounds.max) {
    throw new ServiceError(
      code,
      `Value ( ${value} ) for parameter ${parameter} is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
    );
  }
  return size;
}

export function tagList(tags: Record<string, string>): XmlList {
  return list(Object.entries(tags).map(([key, value]) => ({ key, value })));
}
