// Placeholder home page until the web client issue: names the product in the visitor's language and
// shows whether the API and its stores answer, proving the browser → server path end to end.
import { useEffect, useState } from 'react';
import { resources, type HealthOutput, type Locale } from '@style-license/shared';
import { fetchHealth } from './health';

const locale: Locale = navigator.language.startsWith('ko') ? 'ko' : 'en';

export function App() {
  const text = resources[locale].app;
  const [health, setHealth] = useState<HealthOutput | 'error' | null>(null);
  useEffect(() => {
    fetchHealth().then(setHealth, () => setHealth('error'));
  }, []);
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}
    >
      <h1>{text.name}</h1>
      <p>{text.tagline}</p>
      <p data-testid="api-status">
        API: {health === null ? '…' : health === 'error' ? 'unreachable' : health.ok ? 'ready' : 'degraded'}
      </p>
    </main>
  );
}
