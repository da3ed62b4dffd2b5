import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n, loadLocale } from './lib/i18n';
import { splitLocale } from './lib/locale';
import './styles.css';

// A Korean address gets its strings before the first render, so the first paint is already Korean.
const { locale } = splitLocale(window.location.pathname);
initI18n('en');
// If they cannot be fetched, the app still starts, in English, the fallback language.
void (locale ? loadLocale(locale).catch(() => {}) : Promise.resolve()).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
