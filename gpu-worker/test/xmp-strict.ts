/**
 * Reads an XMP packet as a strict, conformant XML 1.0 parser does (saxes, namespace-aware): invalid
 * UTF-8, a character XML cannot hold (U+FFFE, U+FFFF, C0 controls), an unbound prefix or any other
 * well-formedness error throws. Returns the properties of its rdf:Description: plain text, a Seq or
 * Bag as a list, an Alt as its texts by xml:lang. Test support, for the worker's and the server's tests.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import sharp from 'sharp';

export type XmpValue = string | string[] | Record<string, string>;

export function parseXmpStrict(packet: Uint8Array): {
  properties: Record<string, XmpValue>;
  instructions: string[];
} {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(packet);
  const parser = new SaxesParser({ xmlns: true });
  const properties: Record<string, XmpValue> = {};
  const instructions: string[] = [];
  const open: SaxesTagNS[] = [];
  let property: string | undefined;
  let buffer = '';
  parser.on('processinginstruction', ({ target, body }) => instructions.push(`${target} ${body}`));
  parser.on('opentag', (tag) => {
    open.push(tag);
    const parent = open[open.length - 2];
    if (parent?.name === 'rdf:Description') property = tag.name;
    buffer = '';
  });
  parser.on('text', (chunk) => (buffer += chunk));
  parser.on('closetag', (tag) => {
    open.pop();
    if (!property) return;
    if (tag.name === 'rdf:li') {
      const lang = (tag as SaxesTagNS).attributes['xml:lang']?.value;
      const current = properties[property];
      if (lang !== undefined) {
        properties[property] = { ...(current as Record<string, string> | undefined), [lang]: buffer };
      } else {
        properties[property] = [...((current as string[] | undefined) ?? []), buffer];
      }
    } else if (tag.name === property) {
      properties[property] ??= buffer;
      property = undefined;
    }
    buffer = '';
  });
  parser.write(text).close();
  return { properties, instructions };
}

/** The XMP packet a signed PNG or WebP carries, parsed strictly. */
export async function fileXmp(file: Buffer) {
  const { xmp } = await sharp(file).metadata();
  if (!xmp) throw new Error('the file carries no XMP packet');
  return parseXmpStrict(xmp);
}
