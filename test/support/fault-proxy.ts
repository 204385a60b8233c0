/**
 * A fault-injecting HTTP proxy on loopback, between the AWS SDK (`AWS_ENDPOINT_URL`) and the
 * emulator: the bad days of AWS on demand. Each request is matched against the rules by the
 * service named in its signature and its operation (the `X-Amz-Target` header, the `Action=`
 * form field, or the REST path of EKS and Security Hub); the first rule that matches decides
 * what happens: an AWS-shaped error in the service's own protocol (throttling, AccessDenied,
 * expired credentials, HTTP 500), a connection reset, a slow answer, no answer at all, or the
 * emulator's answer rewritten. Everything else passes through unchanged. Answers are written
 * in one piece with TCP_NODELAY (see /work/shared/EMULATOR.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultAction =
  /** The service's throttling error (ThrottlingException, Throttling, RequestLimitExceeded). */
  | { kind: 'throttle' }
  /** The service's access-denied error (AccessDeniedException, AccessDenied, UnauthorizedOperation, AuthorizationError). */
  | { kind: 'access-denied' }
  /** Expired session credentials (ExpiredTokenException, ExpiredToken; EC2's RequestExpired). */
  | { kind: 'expired-token' }
  /** HTTP 500 with the service's InternalFailure error. */
  | { kind: 'http-500' }
  /** Any error, in the service's protocol. */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** The connection is reset (TCP RST) before any answer. */
  | { kind: 'reset' }
  /** The emulator's answer, `ms` late. */
  | { kind: 'delay'; ms: number }
  /** No answer, ever: the socket stays open until the client gives up. */
  | { kind: 'hang' }
  /** The emulator's JSON answer to a JSON request, rewritten (status 2xx only). */
  | {
      kind: 'rewrite';
      body: (
        answer: Record<string, unknown>,
        request: Record<string, unknown>,
      ) => Record<string, unknown>;
    };

export interface FaultRule {
  /** Signing name of the service: `ssm`, `ec2`, `eks`, `autoscaling`, `securityhub`, `sns`, `sts`. */
  service?: string;
  /** Operation name, e.g. `DescribeInstanceInformation`. */
  operation?: string;
  /** Only requests whose body holds this text (one account's `RoleArn` in an AssumeRole). */
  bodyIncludes?: string;
  /** The first `after` matching requests pass through (credentials that expire mid-scan). */
  after?: number;
  /** At most this many requests get the fault (after `after`); the rest pass through. */
  times?: number;
  action: FaultAction;
}

export interface ProxiedCall {
  service: string;
  operation: string;
  /** The fault it got, or `pass`. */
  fault: FaultAction['kind'] | 'pass';
}

export interface FaultProxy {
  /** e.g. `http://127.0.0.1:41234`: the value for `AWS_ENDPOINT_URL`. */
  endpoint: string;
  /** Replaces the rules (and their counters). */
  setRules(rules: readonly FaultRule[]): void;
  /** Every request seen since the rules were last set, in arrival order. */
  calls(): ProxiedCall[];
  stop(): Promise<void>;
}

interface ActiveRule extends FaultRule {
  matched: number;
}

type Protocol = 'json' | 'query' | 'ec2';

/** The REST operations of EKS and Security Hub the scanner uses, by method and path. */
const REST_OPERATIONS: Array<[service: string, method: string, path: RegExp, operation: string]> = [
  ['eks', 'GET', /^\/clusters\/?$/, 'ListClusters'],
  ['eks', 'GET', /^\/clusters\/[^/]+\/?$/, 'DescribeCluster'],
  ['eks', 'GET', /^\/clusters\/[^/]+\/node-groups\/?$/, 'ListNodegroups'],
  ['eks', 'GET', /^\/clusters\/[^/]+\/node-groups\/[^/]+\/?$/, 'DescribeNodegroup'],
  ['eks', 'POST', /^\/clusters\/[^/]+\/insights\/?$/, 'ListInsights'],
  ['eks', 'GET', /^\/clusters\/[^/]+\/insights\/[^/]+\/?$/, 'DescribeInsight'],
  ['eks', 'POST', /^\/clusters\/?$/, 'CreateCluster'],
  ['eks', 'POST', /^\/clusters\/[^/]+\/node-groups\/?$/, 'CreateNodegroup'],
  ['securityhub', 'POST', /^\/findings\/import\/?$/, 'BatchImportFindings'],
  ['securityhub', 'POST', /^\/findings\/?$/, 'GetFindings'],
  ['securityhub', 'PATCH', /^\/findings\/batchupdate\/?$/, 'BatchUpdateFindings'],
  ['securityhub', 'POST', /^\/accounts\/?$/, 'EnableSecurityHub'],
];

/** The service a request is signed for: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
function serviceOf(request: IncomingMessage): string {
  const authorization = request.headers.authorization ?? '';
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] ?? 'unknown';
}

function operationOf(request: IncomingMessage, service: string, body: string): string {
  const target = request.headers['x-amz-target'];
  const targetValue = Array.isArray(target) ? target[0] : target;
  if (targetValue) return targetValue.split('.').at(-1) ?? targetValue;
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.includes('x-www-form-urlencoded')) {
    const action = new URLSearchParams(body).get('Action');
    if (action) return action;
  }
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  const decodedPath = decodeURIComponent(path);
  for (const [restService, method, pattern, operation] of REST_OPERATIONS) {
    if (restService === service && request.method === method && pattern.test(decodedPath)) {
      return operation;
    }
  }
  return `${request.method} ${path}`;
}

function protocolOf(request: IncomingMessage, service: string): Protocol {
  if (service === 'ec2') return 'ec2';
  return (request.headers['content-type'] ?? '').includes('x-www-form-urlencoded')
    ? 'query'
    : 'json';
}

/** The status and code of each named fault, per protocol (and service where they differ). */
function errorOf(
  action: FaultAction,
  protocol: Protocol,
  service: string,
): { status: number; code: string; message: string } | undefined {
  switch (action.kind) {
    case 'throttle':
      if (protocol === 'ec2')
        return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
      return {
        status: 400,
        code: protocol === 'query' ? 'Throttling' : 'ThrottlingException',
        message: 'Rate exceeded',
      };
    case 'access-denied': {
      const message =
        'User: arn:aws:sts::123456789012:assumed-role/scanner/test is not authorized to perform this operation';
      if (protocol === 'ec2') return { status: 403, code: 'UnauthorizedOperation', message };
      if (service === 'sns') return { status: 403, code: 'AuthorizationError', message };
      return {
        status: 403,
        code: protocol === 'query' ? 'AccessDenied' : 'AccessDeniedException',
        message,
      };
    }
    case 'expired-token': {
      const message = 'The security token included in the request is expired';
      if (protocol === 'ec2') return { status: 400, code: 'RequestExpired', message };
      return {
        status: 400,
        code: protocol === 'query' ? 'ExpiredToken' : 'ExpiredTokenException',
        message,
      };
    }
    case 'http-500':
      return { status: 500, code: 'InternalFailure', message: 'Internal service error' };
    case 'error':
      return { status: action.status, code: action.code, message: action.message ?? action.code };
    default:
      return undefined;
  }
}

function errorBody(
  protocol: Protocol,
  code: string,
  message: string,
): { type: string; body: string } {
  const requestId = '00000000-0000-4000-8000-fa0170000000';
  if (protocol === 'json') {
    return { type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, message }) };
  }
  const xmlText = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (protocol === 'ec2') {
    return {
      type: 'text/xml;charset=UTF-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlText(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  }
  return {
    type: 'text/xml',
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlText(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** Headers worth passing on: hop-by-hop ones and lengths are the proxy's own business. */
function forwardable(headers: IncomingMessage['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      typeof value === 'string' &&
      !['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'].includes(name)
        ? [[name, value]]
        : [],
    ),
  );
}

export async function startFaultProxy(
  upstream: string,
  initialRules: readonly FaultRule[] = [],
): Promise<FaultProxy> {
  let rules: ActiveRule[] = [];
  let seen: ProxiedCall[] = [];
  const setRules = (next: readonly FaultRule[]) => {
    rules = next.map((rule) => ({ ...rule, matched: 0 }));
    seen = [];
  };
  setRules(initialRules);
  const sockets = new Set<Socket>();

  function decide(service: string, operation: string, body: string): FaultAction | undefined {
    for (const rule of rules) {
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.bodyIncludes !== undefined && !body.includes(rule.bodyIncludes)) continue;
      rule.matched += 1;
      const index = rule.matched - (rule.after ?? 0);
      if (index <= 0) return undefined;
      if (rule.times !== undefined && index > rule.times) return undefined;
      return rule.action;
    }
    return undefined;
  }

  async function forward(
    request: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers: forwardable(request.headers),
      ...(body.length > 0 ? { body } : {}),
    });
    const headers = Object.fromEntries(
      [...answer.headers].filter(
        ([name]) =>
          !['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name),
      ),
    );
    return { status: answer.status, headers, body: Buffer.from(await answer.arrayBuffer()) };
  }

  function send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer,
  ) {
    response.writeHead(status, { ...headers, 'content-length': String(body.length) });
    response.end(body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const service = serviceOf(request);
    const text = body.toString('utf8');
    const operation = operationOf(request, service, text);
    const action = decide(service, operation, decodeURIComponent(text.replaceAll('+', ' ')));
    seen.push({ service, operation, fault: action?.kind ?? 'pass' });

    if (action?.kind === 'hang') return;
    if (action?.kind === 'reset') {
      request.socket.resetAndDestroy();
      return;
    }
    const protocol = protocolOf(request, service);
    const error = action === undefined ? undefined : errorOf(action, protocol, service);
    if (error !== undefined) {
      const { type, body: payload } = errorBody(protocol, error.code, error.message);
      send(
        response,
        error.status,
        {
          'content-type': type,
          'x-amzn-requestid': '00000000-0000-4000-8000-fa0170000000',
          ...(protocol === 'json' ? { 'x-amzn-errortype': error.code } : {}),
        },
        Buffer.from(payload),
      );
      return;
    }
    if (action?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, action.ms));
    const answer = await forward(request, body);
    if (action?.kind === 'rewrite' && answer.status >= 200 && answer.status < 300) {
      const rewritten = action.body(
        JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>,
        JSON.parse(text || '{}') as Record<string, unknown>,
      );
      send(response, answer.status, answer.headers, Buffer.from(JSON.stringify(rewritten)));
      return;
    }
    send(response, answer.status, answer.headers, answer.body);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, response, Buffer.concat(chunks)).catch(() => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
    });
  });
  // Idle sockets kept longer than any retry backoff (the SDK waits up to 20 s between
  // attempts): Node's default of 5 s closed them while the client reused one, and a row's
  // last attempt ended in ECONNRESET instead of the fault it was testing.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules,
    calls: () => [...seen],
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
