import { describe, expect, it } from '@jest/globals';
import { DEMO_USERS } from '../../demo/demo-data';
import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['password', 'at least 10 characters'],
    ['12345678', 'at least 10 characters'],
    ['        ', 'at least 10 characters'],
    ['            ', 'only spaces'],
    ['zhangwei-2026!', 'contain the username'],
    ['My-ZhangWei-pass', 'contain the username'],
    ['password12', 'common passwords'],
    ['1234567890', 'common passwords'],
    ['QwertyUiop', 'common passwords'],
    ['x'.repeat(129), 'at most 128'],
  ])('refuses %j (%s)', (password, reason) => {
    expect(passwordProblem(password, 'zhangwei')).toContain(reason);
  });

  it.each(['Passw0rd!x', 'Secret123!', 'Bare-machine@2026', '淄博招商-二〇二六年春'])('accepts %j', (password) => {
    expect(passwordProblem(password, 'zhangwei')).toBeNull();
  });

  it('accepts every demo account password for its own username', () => {
    for (const user of DEMO_USERS) expect(passwordProblem(user.password, user.username)).toBeNull();
  });
});
