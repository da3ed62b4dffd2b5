/**
 * Docker's .dockerignore matching, as the build context of the deploy tests (deploy-support.ts) uses it.
 */
import { posix } from 'node:path';

/**
 * Docker's .dockerignore matching (moby/patternmatcher): patterns relative to the context root, `*` and
 * `?` within one path segment, `**` across any number of segments, a pattern also excluding everything
 * under a directory it matches, `!` re-including, the last matching pattern deciding.
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '');
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i]!;
        if (char === '*' && pattern[i + 1] === '*') {
          if (pattern[i + 2] === '/') {
            source += '(?:.*/)?';
            i += 2;
          } else {
            source += '.*';
            i += 1;
          }
        } else if (char === '*') source += '[^/]*';
        else if (char === '?') source += '[^/]';
        else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (path: string) => {
    const parts = path.split('/');
    // The path itself and every parent directory: excluding a directory excludes what is in it.
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.negate;
    }
    return excluded;
  };
}
