import { describe, expect, it } from 'vitest';
import { endsSession, pathAfterSignIn, sessionEndedMessage } from './session.ts';

describe('endsSession', () => {
  it('reads a 401 on any API call as an ended session while someone is signed in', () => {
    expect(endsSession('/api/chairs', true)).toBe(true);
    expect(endsSession('/api/users', true)).toBe(true);
  });

  it('does not when nobody was signed in, or when signing in itself was refused', () => {
    expect(endsSession('/api/chairs', false)).toBe(false);
    expect(endsSession('/api/auth/login', true)).toBe(false);
    expect(endsSession('/api/auth/me', true)).toBe(false);
  });
});

describe('sessionEndedMessage', () => {
  it('names the idle time and says nothing was lost', () => {
    expect(sessionEndedMessage(900)).toBe(
      'Your session ended after 15 minutes without activity. Sign in again to continue; nothing on this page was lost.',
    );
    expect(sessionEndedMessage(60)).toContain('after 1 minute without');
    expect(sessionEndedMessage(90)).toContain('after 1.5 minutes without');
    expect(sessionEndedMessage(30)).toContain('after 30 seconds without');
  });
});

describe('pathAfterSignIn', () => {
  it('goes back to the page the user was headed for', () => {
    expect(pathAfterSignIn({ from: '/chairs/3' })).toBe('/chairs/3');
    expect(pathAfterSignIn({ from: '/audit?username=kim' })).toBe('/audit?username=kim');
  });

  it('goes to the board otherwise', () => {
    expect(pathAfterSignIn(null)).toBe('/');
    expect(pathAfterSignIn({})).toBe('/');
    expect(pathAfterSignIn({ from: 'https://elsewhere.example/' })).toBe('/');
    expect(pathAfterSignIn({ from: '//elsewhere.example/' })).toBe('/');
    expect(pathAfterSignIn({ from: '/login?x=1' })).toBe('/');
  });
});
