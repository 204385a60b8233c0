import { ListClustersCommand } from '@aws-sdk/client-eks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../src/collect/clients.ts';
import { ApiCallCounter } from '../../../src/lambda/instrumentation.ts';

describe('Class: ApiCallCounter', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('counts every request the instrumented clients send', async () => {
    // Prepare: answer every request locally, without a network.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const counter = new ApiCallCounter();
    const clients = counter.instrument(createAwsClients('us-west-2'));
    clients.eks.middlewareStack.add(
      () => async () => ({ response: {}, output: { clusters: [], $metadata: {} } }),
      { step: 'finalizeRequest', name: 'fakeTransport', priority: 'low' },
    );

    // Act
    await clients.eks.send(new ListClustersCommand({}));
    await clients.eks.send(new ListClustersCommand({}));

    // Assess
    expect(counter.calls).toBe(2);
  });
});
