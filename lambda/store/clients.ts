/**
 * One DynamoDB document client per process (module-level singleton), its endpoint
 * redirectable for the local store: SHARESIM_DYNAMODB_ENDPOINT (or the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB). Retries are ours (store/retry.ts), so the SDK makes one attempt.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

export function documentClientFor(endpoint: string | undefined): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    maxAttempts: 1,
    ...(endpoint
      ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

export function documentClient(): DynamoDBDocumentClient {
  client ??= documentClientFor(process.env.SHARESIM_DYNAMODB_ENDPOINT);
  return client;
}

export function tableName(): string {
  const t = process.env.SHARESIM_TABLE;
  if (!t) throw new Error('SHARESIM_TABLE is not set');
  return t;
}
