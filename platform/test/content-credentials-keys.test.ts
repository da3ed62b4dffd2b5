/**
 * The content-credential keys: the configuration defaults to the committed development set, which
 * checks out in development and is refused in production by its keys' fingerprints (wherever the files
 * are copied); an operator's own set from `npm run credentials:create` is accepted; a key of another
 * certificate, a chain that misses the anchor, and unreadable files are reported by name.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import {
  contentCredentialsProblems,
  contentCredentialsShape,
  createCredentialAuthority,
  credentialSignerFromPem,
  DEVELOPMENT_KEY_FINGERPRINTS,
  loadCredentialSigner,
  loadTrustAnchors,
  publicKeyFingerprint,
  trustAnchorsFromPem,
  verifyChain,
  type ContentCredentialsConfig,
} from '../src/content-credentials';
import { certificatesFromPem } from '../src/content-credentials/trust';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'content-credentials-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const development = loadConfig(contentCredentialsShape, {});

async function writeAuthority(dir: string, organization: string): Promise<ContentCredentialsConfig> {
  const files = await createCredentialAuthority({ organization });
  const path = (name: string) => join(scratch, `${dir}-${name}`);
  writeFileSync(path('chain.pem'), files.chainPem);
  writeFileSync(path('key.pem'), files.keyPem);
  writeFileSync(path('ca.pem'), files.caPem);
  return {
    CONTENT_CREDENTIALS_CERT: path('chain.pem'),
    CONTENT_CREDENTIALS_KEY: path('key.pem'),
    CONTENT_CREDENTIALS_TRUST_ANCHOR: path('ca.pem'),
  };
}

describe('content credential configuration', () => {
  it('defaults to the committed development set, whose fingerprints the code knows', () => {
    expect(development.CONTENT_CREDENTIALS_CERT).toMatch(/content-credentials\/development\/chain\.pem$/);
    const signer = loadCredentialSigner(development);
    const [anchor] = loadTrustAnchors(development).certificates;
    const leaf = new X509Certificate(Buffer.from(signer.certificate.rawData));
    expect(publicKeyFingerprint(leaf.publicKey)).toBe(DEVELOPMENT_KEY_FINGERPRINTS.signer);
    expect(publicKeyFingerprint(anchor!.publicKey)).toBe(DEVELOPMENT_KEY_FINGERPRINTS.ca);
    expect(contentCredentialsProblems(development, false)).toEqual([]);
  });

  it('production refuses the development key and CA, also when the files are copied elsewhere', () => {
    const copied = Object.fromEntries(
      Object.entries(development).map(([name, file]) => {
        const copy = join(scratch, `copied-${name}.pem`);
        copyFileSync(file, copy);
        return [name, copy];
      }),
    ) as unknown as ContentCredentialsConfig;
    for (const config of [development, copied]) {
      const problems = contentCredentialsProblems(config, true);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(
        /^CONTENT_CREDENTIALS_KEY: the development signing key .* refused in production/,
      );
      expect(problems[1]).toMatch(/^CONTENT_CREDENTIALS_TRUST_ANCHOR: the development CA is refused/);
    }
  });

  it('production accepts an operator’s own set', async () => {
    const own = await writeAuthority('own', 'Example Operator');
    expect(contentCredentialsProblems(own, true)).toEqual([]);
    expect(loadConfig(contentCredentialsShape, { ...own })).toEqual(own);
  });

  it('reports a key of another certificate, a chain missing the anchor, and unreadable files', async () => {
    const a = await writeAuthority('a', 'Operator A');
    const b = await writeAuthority('b', 'Operator B');
    expect(
      contentCredentialsProblems({ ...a, CONTENT_CREDENTIALS_KEY: b.CONTENT_CREDENTIALS_KEY }, false),
    ).toEqual([
      'CONTENT_CREDENTIALS_CERT / CONTENT_CREDENTIALS_KEY: the signing key does not belong to the first certificate of the chain',
    ]);
    expect(
      contentCredentialsProblems(
        { ...a, CONTENT_CREDENTIALS_TRUST_ANCHOR: b.CONTENT_CREDENTIALS_TRUST_ANCHOR },
        false,
      ),
    ).toEqual([
      'CONTENT_CREDENTIALS_CERT: does not chain to CONTENT_CREDENTIALS_TRUST_ANCHOR (the certificate chain does not lead to a trusted anchor)',
    ]);
    const missing = join(scratch, 'missing.pem');
    const problems = contentCredentialsProblems(
      {
        CONTENT_CREDENTIALS_CERT: missing,
        CONTENT_CREDENTIALS_KEY: missing,
        CONTENT_CREDENTIALS_TRUST_ANCHOR: missing,
      },
      true,
    );
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.includes('ENOENT'))).toBe(true);
    // Nor is a CA a signer, whatever key comes with it.
    const files = await createCredentialAuthority({ organization: 'Operator A' });
    expect(() => credentialSignerFromPem(files.caPem, files.caKeyPem)).toThrow(
      'the signing certificate needs a critical keyUsage with digitalSignature',
    );
    // A signing certificate is not a trust anchor: anchors must be CAs.
    expect(
      contentCredentialsProblems(
        { ...a, CONTENT_CREDENTIALS_TRUST_ANCHOR: a.CONTENT_CREDENTIALS_CERT },
        false,
      ),
    ).toEqual([
      expect.stringMatching(/^CONTENT_CREDENTIALS_TRUST_ANCHOR: trust anchor .* is not a CA certificate/),
    ]);
  });
});

describe('the chain to our anchor', () => {
  const YEAR = 365 * 24 * 3600_000;

  it('is refused when a certificate is outside its validity, or another CA signed the signer', async () => {
    const lapsed = await createCredentialAuthority({
      organization: 'Lapsed',
      notBefore: new Date(Date.now() - 3 * YEAR),
      signerYears: 1,
    });
    const [leaf, ca] = certificatesFromPem(lapsed.chainPem);
    const anchors = trustAnchorsFromPem(lapsed.caPem);
    expect(verifyChain([leaf!, ca!], anchors)).toEqual({
      trusted: false,
      reason: 'certificate "CN=Lapsed Content Credentials, O=Lapsed" is outside its validity',
    });
    const whileValid = new Date(Date.now() - 2.5 * YEAR);
    expect(verifyChain([leaf!], anchors, whileValid)).toEqual({ trusted: true });

    const other = await createCredentialAuthority({ organization: 'Other' });
    const [, otherCa] = certificatesFromPem(other.chainPem);
    expect(verifyChain([leaf!, otherCa!], trustAnchorsFromPem(other.caPem), whileValid)).toEqual({
      trusted: false,
      reason: 'certificate "CN=Lapsed Content Credentials, O=Lapsed" is not issued by the next one',
    });
    expect(verifyChain([], anchors)).toEqual({ trusted: false, reason: 'no signing certificate' });
  });
});

describe('npm run credentials:create', () => {
  const create = (...args: string[]) =>
    spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/content-credentials.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('writes a CA and a signer, the private keys readable by their owner only, and prints the settings', () => {
    const out = join(scratch, 'operator');
    const run = create('--out', out, '--name', 'Example, Operator');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `CONTENT_CREDENTIALS_CERT=${join(out, 'chain.pem')}`,
      `CONTENT_CREDENTIALS_KEY=${join(out, 'key.pem')}`,
      `CONTENT_CREDENTIALS_TRUST_ANCHOR=${join(out, 'ca.pem')}`,
    ]);
    expect(statSync(join(out, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const config = loadConfig(contentCredentialsShape, {
      CONTENT_CREDENTIALS_CERT: join(out, 'chain.pem'),
      CONTENT_CREDENTIALS_KEY: join(out, 'key.pem'),
      CONTENT_CREDENTIALS_TRUST_ANCHOR: join(out, 'ca.pem'),
    });
    expect(contentCredentialsProblems(config, true)).toEqual([]);
    // The comma cannot add a distinguished-name attribute.
    expect(loadCredentialSigner(config).certificate.subject).toBe(
      'CN=Example Operator Content Credentials, O=Example Operator',
    );

    // A second run never replaces the keys.
    const before = readFileSync(join(out, 'key.pem'));
    const again = create('--out', out);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(
      /not written: .*ca\.pem, .*chain\.pem, .*key\.pem, .*ca-key\.pem already exist/,
    );
    expect(readFileSync(join(out, 'key.pem')).equals(before)).toBe(true);
  });
});
