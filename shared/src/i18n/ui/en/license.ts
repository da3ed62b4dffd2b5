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
      'A check by file matches only this unmodified file. A modified copy (re-encoded, cropped or resized) is still covered by this license, through the license ID written in its metadata.',
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
      hint: 'The file is only compared with the licensed originals; it is not stored.',
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
      genuineBody: '{{file}} is the unmodified file of license {{licenseId}}.',
      openLicense: 'Open the license',
      noMatchTitle: 'This file matches no license',
      noMatchBody:
        'Only the unmodified file, exactly as it was downloaded, matches its license. An edited copy (re-encoded, cropped, resized or with changed metadata) no longer matches, but its license still covers it: the license ID is written in the file’s metadata. Ask the licensee for the original file or the license ID.',
      another: 'Check another file',
    },
  },
};
