// Test support for the name tests: a signature any artist application accepts.
import sharp from 'sharp';

/** A dark pen stroke on transparency, as the artists tests draw it: visible by every signature rule. */
export async function signatureFile() {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">' +
    '<path d="M60 200 C 150 60, 250 240, 400 120 S 520 180, 540 90" stroke="#1a1a6e" stroke-width="8" fill="none"/></svg>';
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { fileName: 'signature.png', dataBase64: png.toString('base64') };
}
