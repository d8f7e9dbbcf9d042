// The narrow questions and how each source kind words them (src/sources/).

import { describe, expect, it } from 'vitest';
import { canonical, questionKey, questions, type Question } from '../../src/sources/question.js';
import { athenaFilter } from '../../src/sources/kinds/athena.js';
import { lookupAttributes } from '../../src/sources/kinds/lookup.js';
import { skipReason } from '../../src/ingest/sources/s3.js';
import { deliveryTime } from '../../src/trace/awslogs.js';

const window = { from: '2026-03-09T10:00:00Z', to: '2026-03-09T10:10:00Z' };

describe('questions', () => {
  it('are the same question however they were built: order, duplicates and empty fields do not count', () => {
    const a: Question = { what: 'a', accounts: ['2', '1', '1'], regions: null, window, match: [{ eventNames: ['B', 'A'], inResponse: [] }, { eventIds: ['x'] }] };
    const b: Question = { what: 'b', accounts: ['1', '2'], regions: null, window, match: [{ eventIds: ['x'] }, { eventNames: ['A', 'B'] }] };
    expect(canonical(a)).toEqual(canonical(b));
    expect(questionKey(a)).toBe(questionKey(b));
    expect(questionKey({ ...a, window: { ...window, to: '2026-03-09T10:10:01Z' } })).not.toBe(questionKey(a));
    expect(questionKey({ ...a, regions: ['us-east-1'] })).not.toBe(questionKey(a));
  });

  it('ask for a session\'s issuing call once for all three link tiers', () => {
    const where = { accounts: ['111111111111'], regions: ['us-east-1', 'eu-west-1'], window, mentions: ['ASIAEXAMPLE', 'AROAEXAMPLE:alice', 'arn:aws:sts::111111111111:assumed-role/R/alice'] };
    const byKey = questions.issuance('the call that minted key ASIAEXAMPLE', where);
    const byArn = questions.issuance('the call that minted arn:…', where);
    expect(questionKey(byKey)).toBe(questionKey(byArn));
    expect(byKey.match).toEqual([{ eventSources: ['sts.amazonaws.com'], eventNames: expect.arrayContaining(['AssumeRole', 'GetSessionToken', 'AssumeRoot']), inResponse: where.mentions }]);
  });

  it('name the account of a sign-in by its ARN, and any account when there is none', () => {
    expect(questions.signIns(window, 'arn:aws:iam::222222222222:user/bob').accounts).toEqual(['222222222222']);
    expect(questions.signIns(window, undefined).accounts).toBeNull();
  });
});

describe('Athena words a question as one SQL condition', () => {
  it('fields as columns, text in a response by strpos, alternatives joined by OR', () => {
    expect(athenaFilter([{ eventSources: ['sts.amazonaws.com'], inResponse: ['ASIA1', 'AROA:x'] }, { eventIds: ['e1', 'e2'] }])).toBe(
      "((eventsource IN ('sts.amazonaws.com') AND (strpos(responseelements, 'ASIA1') > 0 OR strpos(responseelements, 'AROA:x') > 0)) OR (eventid IN ('e1', 'e2')))",
    );
    expect(athenaFilter([{ accessKeyIds: ['AKIA1'], principalIds: ['p'] }])).toBe("(useridentity.accesskeyid IN ('AKIA1') AND useridentity.principalid IN ('p'))");
  });

  it('quotes values from records so that they stay values', () => {
    expect(athenaFilter([{ eventIds: ["x' OR '1'='1"] }])).toBe("(eventid IN ('x'' OR ''1''=''1'))");
  });

  it('sends no value with a control character (no real record has one there), and nothing when none is left', () => {
    expect(athenaFilter([{ eventIds: ['ok', 'bad\u0000'] }])).toBe("(eventid IN ('ok'))");
    expect(athenaFilter([{ eventIds: ['bad\n'] }])).toBeNull();
  });
});

describe('Event history asks by the attribute with the fewest values', () => {
  it('one EventSource call series rather than six EventName ones', () => {
    expect(lookupAttributes({ eventSources: ['sts.amazonaws.com'], eventNames: ['A', 'B', 'C'] })).toEqual([{ key: 'EventSource', value: 'sts.amazonaws.com' }]);
  });
  it('the narrower attribute among equals, one series per value', () => {
    expect(lookupAttributes({ eventIds: ['e1'], eventSources: ['s'] })).toEqual([{ key: 'EventId', value: 'e1' }]);
    expect(lookupAttributes({ accessKeyIds: ['K1', 'K2'] })).toEqual([{ key: 'AccessKeyId', value: 'K1' }, { key: 'AccessKeyId', value: 'K2' }]);
  });
  it('no attribute for what LookupEvents cannot filter on', () => {
    expect(lookupAttributes({ sharedEventIds: ['s'] })).toBeNull();
  });
});

describe('S3 reads no object delivered before the window', () => {
  const key = 'AWSLogs/o-aaaaaaaaaa/111111111111/CloudTrail/us-east-1/2026/03/09/111111111111_CloudTrail_us-east-1_20260309T1005Z_abc.json.gz';
  it('reads the delivery time from the key', () => {
    expect(deliveryTime(key)).toBe(Date.parse('2026-03-09T10:05:00Z'));
    expect(deliveryTime('AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/03/09/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20260309T110512Z.json.gz')).toBe(Date.parse('2026-03-09T11:05:00Z'));
    expect(deliveryTime('logs/export.json')).toBeUndefined();
  });
  it('passes over a file delivered before the window\'s first minute, keeps one delivered in it', () => {
    const filter = { from: new Date('2026-03-09T10:00:00Z'), to: new Date('2026-03-09T10:10:00Z') };
    expect(skipReason(key, { ...filter, deliveredFrom: new Date('2026-03-09T10:05:59Z') }, new Date())).toBeUndefined();
    expect(skipReason(key, { ...filter, deliveredFrom: new Date('2026-03-09T10:06:00Z') }, new Date())).toBe('delivered before the window');
  });
});
