/**
 * Presigned upload URLs: signed for the body the client will send, not for an empty one. With the
 * SDK's default checksum setting the URL carries x-amz-checksum-crc32 of an empty body, which S3
 * ignores on presigned PUTs but S3-compatible stores (MinIO, R2) enforce, refusing the upload.
 */
import { S3Transfers } from '../../lambda/store/transfers';

const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_REGION = 'eu-west-2';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
});
afterAll(() => {
  process.env = saved;
});

it('an upload URL signs the content type and carries no checksum of an empty body', async () => {
  const ticket = await new S3Transfers('bucket').upload('owner-1');
  const url = new URL(ticket.url);
  expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-type');
  expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().startsWith('x-amz-checksum'))).toEqual([]);
  expect(url.searchParams.get('x-amz-sdk-checksum-algorithm')).toBeNull();
});
