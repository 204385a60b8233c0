/** AWS STS (AWS query protocol): the caller's identity. */
import { ACCOUNT_ID } from '../estate.ts';
import { queryResponse, ServiceError, type WireResponse } from '../wire.ts';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function sts(action: string): WireResponse {
  if (action !== 'GetCallerIdentity') {
    throw new ServiceError('InvalidAction', `Could not find operation ${action}`);
  }
  return queryResponse('GetCallerIdentity', STS_NAMESPACE, {
    Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/eks-windows-scanner/bench`,
    UserId: 'AROAEXAMPLEBENCH:bench',
    Account: ACCOUNT_ID,
  });
}
