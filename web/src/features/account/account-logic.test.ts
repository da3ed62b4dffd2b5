import { describe, expect, it } from 'vitest';
import { apiError } from '../../../test/unit/render';
import { initI18n } from '../../lib/i18n';
import { canRevoke, nameProblems, orderSessions, pathInLocale, sessionName } from './account-logic';

const t = initI18n('en').getFixedT('en');

describe('account logic', () => {
  it('puts this session first, then the others most recently used first', () => {
    const sessions = [
      { id: 'a', current: false, lastUsedAt: '2026-12-01T00:00:00Z' },
      { id: 'b', current: true, lastUsedAt: '2026-11-01T00:00:00Z' },
      { id: 'c', current: false, lastUsedAt: '2026-12-05T00:00:00Z' },
    ];
    expect(orderSessions(sessions).map((s) => s.id)).toEqual(['b', 'c', 'a']);
  });

  it('never offers to revoke the session in use', () => {
    expect(canRevoke({ current: true })).toBe(false);
    expect(canRevoke({ current: false })).toBe(true);
  });

  it('names a desktop session by its device and a web one by its kind', () => {
    expect(sessionName({ kind: 'desktop', label: 'Mira’s MacBook' }, t)).toBe('Mira’s MacBook');
    expect(sessionName({ kind: 'desktop', label: null }, t)).toBe('Desktop app');
    expect(sessionName({ kind: 'web', label: null }, t)).toBe('Web browser');
  });

  it('moves a path to the other language, keeping query and hash', () => {
    expect(pathInLocale({ pathname: '/en/account', search: '?a=1', hash: '#s' }, 'ko')).toBe(
      '/ko/account?a=1#s',
    );
  });

  it('says every broken name rule, each once', () => {
    const error = apiError('VALIDATION_FAILED', [
      { path: 'displayName', rule: 'markup', message: '' },
      { path: 'displayName', rule: 'contains_url', message: '' },
      { path: 'displayName', rule: 'markup', message: '' },
    ]);
    const problems = nameProblems(error, t);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(t('names.markup'));
    expect(problems[1]).toBe(t('names.contains_url'));
    expect(nameProblems(apiError('CONFLICT'), t)).toEqual([t('errors.CONFLICT')]);
  });
});
