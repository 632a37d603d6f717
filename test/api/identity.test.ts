/** A stable owner from the principal (issue 17): the same person is the same tenant across sessions. */
import { ownerOf, ownerOfArn } from '../../lambda/api/identity';
import { apiEvent } from './events';

const withAuth = (authorizer: unknown) => {
  const e = apiEvent('GET', '/v1/scenarios');
  return { ...e, requestContext: { ...e.requestContext, authorizer } } as typeof e;
};

describe('the owner of an IAM principal', () => {
  it('an IAM user is its ARN', () => {
    expect(ownerOfArn('arn:aws:iam::123456789012:user/team/alice')).toBe('arn:aws:iam::123456789012:user/team/alice');
  });

  it('an SSO session is the account and the sign-in name, whatever the permission set', () => {
    const a = ownerOfArn(
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Planners_0123456789abcdef/Alice.Smith@council.gov.uk',
    );
    const b = ownerOfArn(
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PowerUsers_fedcba9876543210/alice.smith@council.gov.uk',
    );
    expect(a).toBe('sso:123456789012:alice.smith@council.gov.uk');
    expect(b).toBe(a);
    expect(
      ownerOfArn('arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Planners_01/alice.smith@council.gov.uk'),
    ).not.toBe(a);
  });

  it("another role keeps its name and the session's user; a generated session name is the role alone", () => {
    expect(ownerOfArn('arn:aws:sts::123456789012:assumed-role/Planner/Bob')).toBe('role:123456789012:Planner:bob');
    const tool = 'role:123456789012:Nightly:*';
    expect(ownerOfArn('arn:aws:sts::123456789012:assumed-role/Nightly/botocore-session-1764500000')).toBe(tool);
    expect(ownerOfArn('arn:aws:sts::123456789012:assumed-role/Nightly/1764500000123')).toBe(tool);
    expect(ownerOfArn('arn:aws:sts::123456789012:assumed-role/Nightly/aws-go-sdk-1764500000')).toBe(tool);
  });
});

describe('ownerOf', () => {
  it('reads IAM, JWT (issuer and sub) and the local server alike', () => {
    expect(ownerOf(withAuth({ iam: { userArn: 'arn:aws:sts::123456789012:assumed-role/Planner/Bob' } }))).toBe(
      'role:123456789012:Planner:bob',
    );
    expect(ownerOf(withAuth({ jwt: { claims: { sub: 'u1', iss: 'https://cognito-idp.example/pool' } } }))).toBe(
      'jwt:https://cognito-idp.example/pool#u1',
    );
    expect(ownerOf(withAuth({ iam: { userArn: 'local:alice', userId: 'alice' } }))).toBe('local:alice');
    expect(() => ownerOf(withAuth(undefined))).toThrow();
  });
});
