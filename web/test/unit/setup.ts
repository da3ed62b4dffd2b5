// Testing Library's DOM matchers and a clean DOM after each test.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { en } from '@style-license/shared/i18n/en';
import { ko } from '@style-license/shared/i18n/ko';
import { initI18n, registerLocale } from '../../src/lib/i18n';

// The app loads screens' strings and Korean on demand; tests render any screen in either language at once.
initI18n('en');
registerLocale('en', en);
registerLocale('ko', ko);

afterEach(() => cleanup());
