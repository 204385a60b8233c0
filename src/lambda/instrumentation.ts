import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { AwsClients } from '../collect/clients.ts';

type Handler = (args: unknown) => Promise<unknown>;

/** The part of an SDK client's middleware stack this needs; every v3 client has it. */
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler) => Handler,
    options: { step: 'finalizeRequest'; name: string; override: boolean },
  ): void;
}

/** Counts AWS API calls (retries included) across every client it instruments. */
export class ApiCallCounter {
  calls = 0;

  /** Adds the counting middleware and, when given, X-Ray tracing to every client. */
  instrument(clients: AwsClients, tracer?: Tracer): AwsClients {
    for (const client of Object.values(clients)) {
      tracer?.captureAWSv3Client(client);
      (client.middlewareStack as unknown as MiddlewareStackLike).add(
        (next) => (args) => {
          this.calls++;
          return next(args);
        },
        { step: 'finalizeRequest', name: 'eksWindowsScannerApiCallCounter', override: true },
      );
    }
    return clients;
  }
}
