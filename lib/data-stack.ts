/**
 * SharesimData: the stateful stack. One table holds every owner's scenarios, runs, result
 * chunks and idempotency records, each owner in its own partition (see lambda/store/keys.ts).
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { KEY_SCHEMA } from '../lambda/store/table';

export interface DataStackProps extends StackProps {
  readonly stage: string;
}

export class DataStack extends Stack {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const dev = props.stage === 'dev';
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: `sharesim-${props.stage}`,
      partitionKey: { name: KEY_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: KEY_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: KEY_SCHEMA.ttlAttribute,
      deletionProtection: !dev,
      removalPolicy: dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }
}
