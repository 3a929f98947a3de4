import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/http.ts';
import { errorMessage, fieldError, formError, UNREACHABLE_MESSAGE } from './field-errors.ts';

describe('form errors', () => {
  const wrongPassword = new ApiError(401, 'wrong username or password', 'password');

  it('shows an error beside the input it names', () => {
    expect(fieldError(wrongPassword, 'password')).toBe('wrong username or password');
    expect(fieldError(wrongPassword, 'username')).toBeUndefined();
    expect(formError(wrongPassword, ['username', 'password'])).toBeUndefined();
  });

  it('does not name the input again beside it', () => {
    const locked = new ApiError(429, 'password: too many wrong passwords; this account is locked for 9 more min', 'password');
    expect(fieldError(locked, 'password')).toBe('too many wrong passwords; this account is locked for 9 more min');
    const short = new ApiError(400, 'password must NOT have fewer than 10 characters', 'password');
    expect(fieldError(short, 'password')).toBe('password must NOT have fewer than 10 characters');
  });

  it('shows above the form what no input on it carries', () => {
    expect(formError(new ApiError(429, 'Too many attempts: try again in 5 minutes'), ['username', 'password'])).toBe(
      'Too many attempts: try again in 5 minutes',
    );
    expect(formError(new ApiError(400, 'token is not valid', 'token'), ['username'])).toBe('token is not valid');
    expect(formError(null, ['username'])).toBeUndefined();
  });

  it('says when the server could not be reached', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(UNREACHABLE_MESSAGE);
    expect(formError(new TypeError('Failed to fetch'), [])).toBe(UNREACHABLE_MESSAGE);
  });
});
