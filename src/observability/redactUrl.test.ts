import { describe, expect, it } from 'vitest';
import { redactUrl } from './redactUrl.ts';

describe('redactUrl', () => {
  it.each([
    ['/v1/events/?api_key=lw_abc123&limit=5', '/v1/events/?api_key=[REDACTED]&limit=5'],
    ['/v1/events/?limit=5&apiKey=k1', '/v1/events/?limit=5&apiKey=[REDACTED]'],
    ['/v1/events/?x-api-key=k1', '/v1/events/?x-api-key=[REDACTED]'],
    ['/v1/events/?token=t&access_token=a&secret=s&password=p&signature=g&key=k', '/v1/events/?token=[REDACTED]&access_token=[REDACTED]&secret=[REDACTED]&password=[REDACTED]&signature=[REDACTED]&key=[REDACTED]'],
    ['/v1/events/?q=lw_somekey', '/v1/events/?q=[REDACTED]'],
    ['/v1/events/?q=%6Cw_encoded', '/v1/events/?q=[REDACTED]'],
    ['/v1/events/?api%5Fkey=x', '/v1/events/?api%5Fkey=[REDACTED]'],
    ['/v1/events/?API_KEY=x#frag', '/v1/events/?API_KEY=[REDACTED]#frag'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    '/v1/events/',
    '/v1/events/?lead_id=lead_1&order-by=event_datetime:desc&limit=5&offset=10',
    '/v1/events/?event_type_id=et_1&x_property_id=100&models=leads,residents',
    '/v1/events/?flag&empty=&monkey=banana',
  ])('keeps %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});
