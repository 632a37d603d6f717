/** The table's key schema, for creating it locally (the CDK stack defines the same keys). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';

export const KEY_SCHEMA = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' } as const;

export async function ensureTable(client: DynamoDBClient, table: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return 'exists';
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException) && (e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: KEY_SCHEMA.partitionKey, AttributeType: 'S' },
        { AttributeName: KEY_SCHEMA.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  await untilActive(client, table);
  return 'created';
}

/**
 * A new table takes writes only once ACTIVE: dynalite flips it on a timer that a busy machine can
 * delay, and DynamoDB takes seconds. Writes before then fail with ResourceNotFoundException.
 */
async function untilActive(client: DynamoDBClient, table: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (let wait = 10; ; wait = Math.min(1000, wait * 2)) {
    const d = await client.send(new DescribeTableCommand({ TableName: table }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > until) throw new Error(`table ${table} is still ${d.Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
