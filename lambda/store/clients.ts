/**
 * One DynamoDB document client per process (module-level singleton), its endpoint
 * redirectable for the local store: SHARESIM_DYNAMODB_ENDPOINT (or the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB). Retries are ours (store/retry.ts), so the SDK makes one attempt.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

/**
 * Client settings for an explicit endpoint (dynalite, DynamoDB Local). One place, because
 * DynamoDB Local keeps a separate namespace per region and key: clients that disagree on
 * either do not see each other's tables.
 */
export function endpointConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: process.env.AWS_REGION ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

export function documentClientFor(endpoint: string | undefined): DynamoDBDocumentClient {
  const base = new DynamoDBClient({ maxAttempts: 1, ...(endpoint ? endpointConfig(endpoint) : {}) });
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
