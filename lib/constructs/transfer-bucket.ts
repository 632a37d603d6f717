/**
 * The bucket behind large answers and uploads (lambda/store/transfers.ts): downloads a 303
 * points at, and scenarios PUT by presigned URL. Private, encrypted, TLS only, and every object
 * gone after a day (links live 15 minutes). Each function that delivers is granted exactly
 * PutObject and GetObject (a presigned GET is signed with the function's own permission) on the
 * two prefixes, nothing else: no list, no delete.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const TRANSFER_PREFIXES = ['downloads/', 'uploads/'] as const;

export class TransferBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const dev = props.stage === 'dev';
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Objects are transient copies of answers (deleted after a day) reached by presigned URLs; API access logs ' +
        'record who asked for each.',
    });
  }

  /** Let a function put and read objects under the transfer prefixes (and presign URLs for them). */
  grantTransfers(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: TRANSFER_PREFIXES.map((p) => this.bucket.arnForObjects(`${p}*`)),
      }),
    );
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)) as string;
    for (const p of TRANSFER_PREFIXES)
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${p}*]`,
        reason: `Transfers are objects with random names under ${p}: PutObject and GetObject on that prefix only.`,
      });
  }
}
