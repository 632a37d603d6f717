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
  return 'created';
}
