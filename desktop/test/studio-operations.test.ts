/**
 * The operation table the renderer calls (over IPC in the app, over HTTP in the test host): each call
 * does what the studio promises on a real library folder, and bad input is refused with a typed error
 * that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../src/bridge/studio-api';
import { dispatchOperation } from '../src/core/host';
import { createStudioOperations, type StudioHandlers } from '../src/core/studio';
import { openStudioFixture, type StudioFixture } from './studio-fixtures';

describe('the studio operations', () => {
  let fixture: StudioFixture;
  let ops: StudioHandlers;
  const events: StudioEvent[] = [];
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    fixture = await openStudioFixture();
    ops = createStudioOperations(fixture.studio);
    fixture.studio.onEvent((event) => events.push(event));
  }, 60_000);
  afterAll(() => fixture?.close());

  const refusal = async (operation: string, input: unknown) => {
    const answer = await dispatchOperation(ops, operation, input);
    if (answer.ok) throw new Error(`${operation} accepted ${JSON.stringify(input)}`);
    return answer.error;
  };

  it('adds the folder the artist picks, reporting scan progress, and lists its pictures', async () => {
    const folder = await ops.pickFolder(undefined);
    expect(folder).toBe(fixture.libraryDir);
    const report = await ops.addFolder({ path: folder });
    expect(report.added).toBe(15);
    expect(events.some((event) => event.kind === 'scan')).toBe(true);
    expect(await ops.listFolders(undefined)).toEqual([{ path: fixture.libraryDir, images: 15 }]);
    const page = await ops.queryImages({ limit: 100 });
    for (const image of page.images) idOf.set(image.path, image.id);
    expect(idOf.size).toBe(15);
    expect(await ops.countImages({ problems: ['too_small'] })).toBe(1);
  });

  it('tags a selection as one undoable step and suggests the library’s tags', async () => {
    const ids = fixture.files.distinct.slice(0, 4).map((path) => idOf.get(path)!);
    const added = await ops.addTags({ imageIds: ids, tags: ['ink wash', 'Crow'] });
    expect(added.changedImageIds.sort()).toEqual([...ids].sort());
    expect(await ops.tagCounts(undefined)).toEqual([
      { tag: 'crow', count: 4 },
      { tag: 'ink wash', count: 4 },
    ]);
    expect((await ops.suggestTags({ query: 'in' }))[0]).toMatchObject({ tag: 'ink wash', localCount: 4 });
    await ops.undoTags(undefined);
    expect(await ops.tagCounts(undefined)).toEqual([]);
    await ops.redoTags(undefined);
    expect((await ops.getImages({ ids: [ids[0]!] }))[0]!.tags).toEqual(['ink wash', 'crow']);
    expect(events.filter((event) => event.kind === 'tags-changed').length).toBeGreaterThanOrEqual(3);
  });

  it('checks the picked pictures with the platform’s rules and fixes each flagged problem', async () => {
    await ops.setPick({ ids: [...idOf.values()], pick: 'picked' });
    const before = await ops.checkPicked({});
    const codes = before.problems.map((problem) => problem.code).sort();
    expect(codes).toEqual(['near_duplicates', 'too_small', 'unsupported_format']);
    expect(before.summary.canUpload).toBe(false);

    for (const problem of before.problems) {
      const result = await ops.fixProblem({ problem, action: problem.fixes[0]! });
      if (problem.code === 'too_small') expect(result.unpicked).toEqual([idOf.get(fixture.files.tooSmall)]);
      if (problem.code === 'unsupported_format')
        expect(result.copied).toEqual([idOf.get(fixture.files.webp)]);
      if (problem.code === 'near_duplicates')
        expect(result.unpicked).toEqual([idOf.get(fixture.files.nearCopy)]);
    }
    const after = await ops.checkPicked({});
    expect(after.problems).toEqual([]);
    expect(after.summary).toMatchObject({ canUpload: true, selected: 13 });
    // The WebP stays picked: it will go as the PNG copy the fix made.
    expect(fixture.studio.uploadCopies.get(idOf.get(fixture.files.webp)!)?.format).toBe('png');
  });

  it('refuses malformed input with VALIDATION_FAILED and changes nothing', async () => {
    const id = idOf.get(fixture.files.distinct[0]!)!;
    const [image] = await ops.getImages({ ids: [id] });
    expect((await refusal('addFolder', { path: 'relative/folder' })).code).toBe('VALIDATION_FAILED');
    expect((await refusal('setRating', { ids: [id], rating: 9 })).code).toBe('VALIDATION_FAILED');
    expect((await refusal('setRating', { ids: [id], rating: 3, extra: true })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await refusal('setPick', { ids: ['not-an-id'], pick: 'none' })).code).toBe('VALIDATION_FAILED');
    expect((await refusal('addTags', { imageIds: [id], tags: ['a\u202Eb'] })).code).toBe('VALIDATION_FAILED');
    expect((await refusal('queryImages', { tags: { and: 'x' } })).code).toBe('VALIDATION_FAILED');
    expect((await refusal('listFolders', { anything: 1 })).code).toBe('VALIDATION_FAILED');
    expect(await ops.getImages({ ids: [id] })).toEqual([image]);
  });

  it('refuses work on pictures it does not know, uploads when signed out, and foreign links', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await refusal('exportSidecars', { ids: [unknown] })).code).toBe('NOT_FOUND');
    const styleId = '11111111-1111-4111-8111-111111111111';
    expect((await refusal('uploadPicked', { styleId, imageIds: [...idOf.values()] })).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await ops.uploadReport(undefined)).total).toBe(0);
    expect((await refusal('openExternal', { url: 'https://evil.example/phish' })).code).toBe('FORBIDDEN');
    expect((await refusal('openExternal', { url: 'javascript:alert(1)' })).code).toBe('VALIDATION_FAILED');
    await ops.openExternal({ url: 'http://127.0.0.1:9/styles/x' });
    expect(fixture.opened).toEqual(['http://127.0.0.1:9/styles/x']);
  });

  it('gives up a sign-in still waiting for the browser when asked', async () => {
    const waiting = dispatchOperation(ops, 'signIn', undefined);
    await expect.poll(() => fixture.opened.some((url) => url.includes('/auth/desktop/start'))).toBe(true);
    await ops.cancelSignIn(undefined);
    expect(await waiting).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', details: [{ rule: 'cancelled' }] },
    });
    expect(await ops.session(undefined)).toMatchObject({ signedIn: false });
  });

  it('answers an unknown operation NOT_FOUND and hides an unexpected failure behind INTERNAL', async () => {
    expect((await refusal('invoke', {})).code).toBe('NOT_FOUND');
    expect((await refusal('__proto__', {})).code).toBe('NOT_FOUND');
    const seen: string[] = [];
    const broken = { ...ops, listFolders: async () => Promise.reject(new Error('disk on fire')) };
    const answer = await dispatchOperation(broken, 'listFolders', undefined, (_e, op) => seen.push(op));
    expect(answer).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The studio could not do that' },
    });
    expect(seen).toEqual(['listFolders']);
  });
});
