// API answers component tests share: one `MyGeneration` as the server returns it to its owner.

/** A generation of `styleId` in `status`, with every field the API sends; `extra` overrides. */
export function myGeneration(
  id: string,
  styleId: string,
  status: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    styleId,
    styleName: 'Ink Wash',
    styleVersion: 1,
    status,
    promptTags: [],
    text: '',
    seed: 1,
    costTokens: 5,
    visibility: 'private',
    licenseId: null,
    failureCode: null,
    failureReason: null,
    failureSeconds: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    completedAt: null,
    previewUrl: null,
    ...extra,
  };
}
