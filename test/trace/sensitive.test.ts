// Which calls the report and the terminal UI mark: writes, and the sensitive calls responders look
// for first (credentials, policies, trust, logging, network, key deletion, secrets).

import { describe, expect, it } from 'vitest';
import { isWriteCall, sensitiveCallNames, sensitiveReason, type CallFacts } from '../../src/trace/sensitive.js';

function call(eventSource: string, eventName: string, readOnly: boolean | null = false, mfaUsed: string | null = null): CallFacts {
  return { eventSource: `${eventSource}.amazonaws.com`, eventName, readOnly, mfaUsed };
}

describe('isWriteCall', () => {
  it('follows readOnly when CloudTrail gives it', () => {
    expect(isWriteCall(call('s3', 'PutObject', false))).toBe(true);
    expect(isWriteCall(call('s3', 'GetObject', true))).toBe(false);
    // Even a name that looks like a read: the log's word wins.
    expect(isWriteCall(call('ec2', 'DescribeThing', false))).toBe(true);
  });

  it('without readOnly, counts anything but Get/List/Describe/Head as a write', () => {
    for (const name of ['GetObject', 'ListBuckets', 'DescribeInstances', 'HeadObject']) expect(isWriteCall(call('s3', name, null))).toBe(false);
    for (const name of ['DeleteBucket', 'RunInstances', 'Invoke', 'Getaway'.replace('Get', 'Set')]) expect(isWriteCall(call('s3', name, null))).toBe(true);
  });
});

describe('sensitiveReason', () => {
  it.each([
    ['iam', 'CreateAccessKey', 'new long-term access key'],
    ['iam', 'CreateUser', 'new IAM user'],
    ['iam', 'AttachUserPolicy', 'policy attached to a user'],
    ['iam', 'PutUserPolicy', 'inline policy on a user'],
    ['iam', 'UpdateAssumeRolePolicy', 'role trust policy changed'],
    ['iam', 'CreateLoginProfile', 'console password set'],
    ['cloudtrail', 'StopLogging', 'CloudTrail logging stopped'],
    ['cloudtrail', 'DeleteTrail', 'trail deleted'],
    ['cloudtrail', 'UpdateTrail', 'trail changed'],
    ['cloudtrail', 'PutEventSelectors', 'trail event selectors changed'],
    ['ec2', 'DeleteFlowLogs', 'VPC flow logs deleted'],
    ['ec2', 'AuthorizeSecurityGroupIngress', 'inbound network access opened'],
    ['s3', 'PutBucketPolicy', 'bucket policy changed'],
    ['s3', 'PutBucketAcl', 'bucket ACL changed'],
    ['kms', 'DisableKey', 'KMS key disabled'],
    ['kms', 'ScheduleKeyDeletion', 'KMS key deletion scheduled'],
    ['secretsmanager', 'GetSecretValue', 'secret read'],
  ])('%s:%s is sensitive: %s', (service, name, reason) => {
    expect(sensitiveReason(call(service, name, service === 'secretsmanager'))).toBe(reason);
  });

  it('treats any other IAM write as sensitive, and IAM reads as not', () => {
    expect(sensitiveReason(call('iam', 'TagRole', false))).toBe('IAM change');
    expect(sensitiveReason(call('iam', 'ListRoles', true))).toBeNull();
    expect(sensitiveReason(call('iam', 'GetUser', null))).toBeNull();
  });

  it('keys names by service: the same name elsewhere is not the IAM call', () => {
    expect(sensitiveReason(call('transfer', 'CreateUser', false))).toBeNull();
  });

  it('marks a console sign-in without MFA, not one with MFA', () => {
    expect(sensitiveReason(call('signin', 'ConsoleLogin', false, 'No'))).toBe('console sign-in without MFA');
    expect(sensitiveReason(call('signin', 'ConsoleLogin', false, 'Yes'))).toBeNull();
    expect(sensitiveReason(call('signin', 'ConsoleLogin', false, null))).toBeNull();
  });

  it('leaves ordinary reads and writes unmarked', () => {
    expect(sensitiveReason(call('s3', 'ListBuckets', true))).toBeNull();
    expect(sensitiveReason(call('ec2', 'CreateTags', false))).toBeNull();
    expect(sensitiveReason(call('sts', 'GetCallerIdentity', true))).toBeNull();
  });

  it('lists its named calls as service:EventName', () => {
    const names = sensitiveCallNames();
    expect(names).toContain('iam:CreateAccessKey');
    expect(names).toContain('cloudtrail:StopLogging');
    expect(new Set(names).size).toBe(names.length);
  });
});
