/**
 * `npm run credentials:create -- --out <dir> [--name "Org"] [--years N]`: makes an operator's own
 * content-credential keys — a CA and a signing certificate it issues, with their private keys — and
 * prints the environment lines that select them. Never overwrites a file (keys are not to be lost by a
 * repeated command); the private keys are written readable by their owner only. The development set was
 * made by this command (see platform/src/content-credentials/keys.ts).
 */
import { parseArgs } from 'node:util';
import {
  contentCredentialsProblems,
  CredentialFilesExist,
  writeCredentialAuthority,
} from '@style-license/platform/content-credentials';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    name: { type: 'string', default: 'Style License' },
    /** The signing certificate's lifetime; the CA's is 25 years. */
    years: { type: 'string', default: '5' },
  },
});
const signerYears = Number(values.years);
if (!values.out || !(signerYears > 0 && signerYears <= 25)) {
  console.error('usage: npm run credentials:create -- --out <dir> [--name "Organisation"] [--years 1..25]');
  process.exit(64);
}

let written;
try {
  written = await writeCredentialAuthority(values.out, {
    organization: values.name,
    signerYears,
    caYears: 25,
  });
} catch (error) {
  if (!(error instanceof CredentialFilesExist)) throw error;
  console.error(error.message);
  process.exit(73);
}
const { config, caKeyFile } = written;
const problems = contentCredentialsProblems(config, false);
if (problems.length) {
  console.error(`the new files do not check out:\n${problems.join('\n')}`);
  process.exit(70);
}
console.log(
  Object.entries(config)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n'),
);
console.error(
  `\n${caKeyFile} is the CA's private key: nothing running needs it. Keep it offline; it ` +
    'issues the next signing certificate when this one expires or leaks.',
);
