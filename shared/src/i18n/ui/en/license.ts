// The license screens' strings (the license page and the verify page). English, the source of the keys.
export const license = {
  /** The server-rendered page each signed file points to (`/licenses/<id>`) links to this app's page. */
  openInApp: 'Open in Style License',
  genuine: {
    title: 'Genuine Style License',
    badge: 'Genuine',
    lead: 'This license was issued by Style License. It says what the file says, and it never changes.',
    licenseId: 'License ID',
    issuedAt: 'Issued',
    issuedAtValue: '{{when, datetime(dateStyle: long; timeStyle: short)}}',
    terms: 'Terms version',
    termsValue: 'Version {{version, number}}',
  },
  parties: {
    title: 'Who and what it covers',
    namesAtIssue: 'Names are shown as they were when the license was issued.',
    namesAtIssueV1:
      'This license was issued before licenses recorded names: the names below are those recorded when it was, or when licenses began recording them, and may differ from those in the file.',
    licensee: 'Licensee',
    artist: 'Artist',
    style: 'Style',
    currentName: 'Now named {{name}}',
    userId: 'User ID',
    artistId: 'Artist ID',
    styleId: 'Style ID',
    modelVersion: 'Model version {{version, number}}',
    openArtist: 'View the artist',
    openStyle: 'View the style',
  },
  termsSection: {
    title: 'License terms',
    englishOnly: 'Version 1 terms were issued in English only.',
    otherLanguage: 'Read the terms in English',
  },
  file: {
    title: 'The licensed file',
    sha256: 'File SHA-256',
    explain:
      'The fingerprint of the file as issued. A check by file finds this license from that exact file, and from an edited copy too (re-encoded, resized or cropped) by the invisible license mark in the image; the content credentials (C2PA) signed by Style License name it as well. An edited copy is still covered by this license.',
    verifyFile: 'Verify a file',
  },
  invalid: {
    title: 'Not a valid license',
    body: 'No license with this ID was issued by Style License. Check the ID, or verify the image file itself.',
    verify: 'Verify a license',
  },
  verify: {
    title: 'Verify a license',
    lead: 'Check that an image is genuine and see the license it was issued with.',
    byId: {
      title: 'By license ID',
      hint: 'The ID is in the image’s metadata and in the address of its license page.',
      label: 'License ID',
      placeholder: 'e.g. 9c2643d4-91dd-43e1-8734-427074a90a12',
      submit: 'Look up',
      invalid: 'This is not a license ID. A license ID looks like 9c2643d4-91dd-43e1-8734-427074a90a12.',
    },
    byFile: {
      title: 'By image file',
      hint: 'We look for the exact file issued, its content credentials (C2PA), or the invisible license mark that an edited copy keeps. The file is only checked; it is not stored.',
      drop: 'Drop an image here, or choose a file',
      dropActive: 'Drop the image to check it',
      choose: 'Choose a file',
      limit: 'PNG, JPEG or WebP, up to {{size}}',
      checking: 'Checking {{name}}…',
      tooLarge:
        'This file is larger than {{size}}. A licensed image is much smaller: check that it is the original file.',
      wrongType: 'This is not an image file. Choose a PNG, JPEG or WebP image.',
      unreadable: 'The file could not be read. Try again.',
    },
    result: {
      genuineTitle: 'Genuine: this file is licensed',
      /** How the file was traced: a short label, and a sentence saying how strongly. */
      exact: {
        badge: 'Exact file',
        body: '{{file}} is the unmodified file of license {{licenseId}}.',
      },
      mark: {
        badge: 'Edited copy · license mark',
        body: '{{file}} is an edited copy of a licensed image (re-encoded, resized or cropped). Its invisible license mark names license {{licenseId}} (confidence {{confidence, number(style: percent; maximumFractionDigits: 5)}}). The license covers edited copies too.',
      },
      credentials: {
        badge: 'Content credentials',
        body: 'The content credentials (C2PA) in {{file}}, signed by Style License, name license {{licenseId}} and still match the image.',
      },
      byId: {
        badge: 'License ID',
        body: 'License {{licenseId}} was found by its ID.',
      },
      openLicense: 'Open the license',
      noMatchTitle: 'This file matches no license',
      noMatchBody:
        'It is not a file issued by Style License, it carries no Style License content credentials, and no invisible license mark could be read from it. A heavily edited copy (rotated, cropped hard or made much smaller) can lose its mark while its license still covers it: ask the licensee for the license ID.',
      foreignTitle: 'Not a Style License image',
      foreignBody:
        'No license issued by Style License matches this file and no invisible license mark could be read from it. The content credentials it carries come from another service, not from Style License.',
      changedBody:
        'It carries Style License content credentials that no longer match the file: it was changed after they were signed. No invisible license mark could be read from it either, so it cannot be traced to a license. If it is an edited copy of a licensed image, ask the licensee for the license ID.',
      unlicensedBody:
        'It carries content credentials signed by Style License, but they name no license that Style License issued.',
      credentialsFrom: 'Content credentials from {{signer}} ({{generator}})',
      credentialsFromSigner: 'Content credentials from {{signer}}',
      unknownSigner: 'an unknown signer',
      credentialsValid: 'Valid',
      credentialsInvalid: 'Not valid',
      another: 'Check another file',
    },
  },
};
