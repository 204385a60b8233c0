import type { Context } from 'aws-lambda';

/** A Lambda context as the runtime passes it, with ten minutes left unless told otherwise. */
export function lambdaContext(region = 'us-west-2', accountId = '123456789012'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'eks-windows-scanner',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:eks-windows-scanner`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/eks-windows-scanner',
    logStreamName: '2026/11/25/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 600_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
