import { describe, expect, it } from '@jest/globals';
import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('replaces the values of token, access_token and password, whatever their case or encoding', () => {
    expect(redactUrl('/admin/queues?token=eyJ.a.b')).toBe('/admin/queues?token=[REDACTED]');
    expect(redactUrl('/x?q=1&access_token=abc&Password=p%20w&page=2')).toBe('/x?q=1&access_token=[REDACTED]&Password=[REDACTED]&page=2');
    expect(redactUrl('/x?%74oken=abc&TOKEN=def')).toBe('/x?%74oken=[REDACTED]&TOKEN=[REDACTED]');
    expect(redactUrl('/x?token=abc#frag')).toBe('/x?token=[REDACTED]#frag');
  });

  it('leaves other URLs and parameters as they are', () => {
    expect(redactUrl('/api/v1/leads')).toBe('/api/v1/leads');
    expect(redactUrl('/api/v1/leads?q=token&tokens=1&mytoken=2&%E0%A4%A=1')).toBe('/api/v1/leads?q=token&tokens=1&mytoken=2&%E0%A4%A=1');
  });
});
