import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/http/html';

describe('escapeHtml', () => {
  it('escapes & < > " and \' as numeric references', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeHtml('Style License — 스타일 “ok”')).toBe('Style License — 스타일 “ok”');
    expect(escapeHtml('')).toBe('');
  });

  it('escapes an ampersand once, so an existing reference stays visible as text', () => {
    expect(escapeHtml('&amp;')).toBe('&#38;amp;');
  });
});
