// `npm run screenshots`: copies the browser journeys' screenshots of the main screens (written by
// `npm test` under test-artifacts/screenshots/) to docs/screenshots/, where the README shows them.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/setup.mjs';

const SHOTS = {
  'home-en-desktop.png': 'community/feed-en-desktop.png',
  'image-en-desktop.png': 'community/image-en-desktop.png',
  'notifications-en-desktop.png': 'community/notifications-en-desktop.png',
  'feed-ko-phone.png': 'community/feed-ko-phone.png',
  'artist-ko-phone.png': 'community/artist-ko-phone.png',
  'style-generate-en-desktop.png': 'buyer/generated-en-desktop.png',
  'studio-en-desktop.png': 'artist/studio-en-desktop.png',
  'license-en-desktop.png': 'buyer/license-en-desktop.png',
  'home-ko-phone.png': 'korean-phone/home-ko-phone.png',
  'tokens-ko-phone.png': 'korean-phone/tokens-ko-phone.png',
  'studio-desktop-checks-en.png': 'studio-artist/checks-en-desktop.png',
  'studio-desktop-trained-en.png': 'studio-artist/trained-en-desktop.png',
  'studio-desktop-tags-ko-phone.png': 'studio-korean/autocomplete-ko-phone.png',
  'studio-desktop-shortcuts-en.png': 'studio-artist/shortcuts-en-desktop.png',
};

const from = join(ROOT, 'test-artifacts', 'screenshots');
const to = join(ROOT, 'docs', 'screenshots');
mkdirSync(to, { recursive: true });
const missing = Object.values(SHOTS).filter((shot) => !existsSync(join(from, shot)));
if (missing.length > 0) {
  console.error(
    `missing (run the journeys first: npm test -- web/test/e2e desktop/test/e2e): ${missing.join(', ')}`,
  );
  process.exit(1);
}
for (const [name, shot] of Object.entries(SHOTS)) copyFileSync(join(from, shot), join(to, name));
console.log(`copied ${Object.keys(SHOTS).length} screenshots to docs/screenshots/`);
