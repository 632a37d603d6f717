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

/**
 * A request the store never answers must still end: the embedded store can stop answering one
 * (LevelDB's failed log write on a full disk), and the SDK waits for ever by default. The
 * timeout's error is retried like any lost answer (retry.ts).
 */
export const STORE_REQUEST_TIMEOUT_MS = 15_000;

export function documentClientFor(endpoint: string | undefined): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5000, requestTimeout: STORE_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    ...(endpoint ? endpointConfig(endpoint) : {}),
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
