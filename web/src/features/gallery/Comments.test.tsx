import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Comment } from '@style-license/shared';
import type { ApiHandlers } from '../../../test/unit/render';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { Comments } from './Comments';
import { IMAGE, comment, reader } from './test-fixtures';

function renderComments(api: ApiHandlers, commentCount = 0) {
  return renderWithApp(<Comments generationId={IMAGE} commentCount={commentCount} />, {
    path: `/en/images/${IMAGE}`,
    route: '/:locale/images/:generationId',
    api: { 'auth.me': () => reader, ...api },
  });
}

/** The section's heading, with the count beside its title. */
const countHeading = (count: number) => screen.findByRole('heading', { name: `Comments ${count}` });
const bodies = () => screen.getAllByTestId('comment').map((li) => li.textContent);

describe('Comments', () => {
  it('counts code points as typed, posts, and shows the new comment first with the count updated', async () => {
    const user = userEvent.setup();
    const older = comment({ body: 'First!' });
    const view = renderComments({
      'comments.list': () => ({ items: [older], total: 1, nextCursor: null }),
      'comments.add': (input) =>
        comment({
          body: (input as { body: string }).body,
          mine: true,
          createdAt: new Date().toISOString(),
        }),
    });
    expect(await countHeading(1)).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: 'Add a comment' });
    const post = screen.getByRole('button', { name: 'Post' });
    expect(post).toBeDisabled();
    // Outer spaces are not stored, so they do not count; an emoji is one character.
    await user.type(box, '  Nice 🌊  ');
    expect(screen.getByText('6 / 1,000')).toBeInTheDocument();
    expect(post).toBeEnabled();
    await user.click(post);

    await waitFor(() => expect(bodies()).toHaveLength(2));
    expect(view.callsTo('comments.add').map((c) => c.input)).toEqual([
      { generationId: IMAGE, body: 'Nice 🌊' },
    ]);
    expect(bodies()[0]).toContain('Nice 🌊');
    expect(bodies()[0]).toContain('You');
    expect(bodies()[1]).toContain('First!');
    expect(await countHeading(2)).toBeInTheDocument();
    expect(box).toHaveValue('');
    // Patched in place: the list was not asked again.
    expect(view.callsTo('comments.list')).toHaveLength(1);
  });

  it('keeps words typed while a comment was on its way', async () => {
    const user = userEvent.setup();
    let answer: (value: Comment) => void = () => {};
    renderComments({
      'comments.list': () => ({ items: [], total: 0, nextCursor: null }),
      'comments.add': (input) =>
        new Promise<Comment>((resolve) => {
          answer = () => resolve(comment({ body: (input as { body: string }).body, mine: true }));
        }),
    });
    const box = await screen.findByRole('textbox', { name: 'Add a comment' });
    await user.type(box, 'First thought');
    await user.click(screen.getByRole('button', { name: 'Post' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Post' })).toHaveAttribute('aria-busy', 'true'),
    );
    await user.clear(box);
    await user.type(box, 'and a second one');
    answer(comment());
    await waitFor(() => expect(bodies()).toHaveLength(1));
    expect(bodies()[0]).toContain('First thought');
    expect(box).toHaveValue('and a second one');
  });

  it('refuses a comment over the limit before sending it, and says by how much', async () => {
    const view = renderComments({ 'comments.list': () => ({ items: [], total: 0, nextCursor: null }) });
    const box = await screen.findByRole('textbox', { name: 'Add a comment' });
    // 1,000 emoji are 2,000 UTF-16 units but 1,000 characters: allowed.
    fireEvent.change(box, { target: { value: '😀'.repeat(1000) } });
    expect(screen.getByText('1,000 / 1,000')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Post' })).toBeEnabled();
    fireEvent.change(box, { target: { value: 'a'.repeat(1001) } });
    expect(screen.getByText('1 character too many.')).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    const post = screen.getByRole('button', { name: 'Post' });
    expect(post).toBeDisabled();
    fireEvent.submit(post.closest('form')!);
    expect(view.callsTo('comments.add')).toHaveLength(0);
  });

  it('says why the server refused a comment and keeps the text', async () => {
    const user = userEvent.setup();
    renderComments({
      'comments.list': () => ({ items: [], total: 0, nextCursor: null }),
      'comments.add': () => {
        throw apiError('RATE_LIMITED');
      },
    });
    const box = await screen.findByRole('textbox', { name: 'Add a comment' });
    await user.type(box, 'Again');
    await user.click(screen.getByRole('button', { name: 'Post' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many requests. Try again shortly.');
    expect(box).toHaveValue('Again');
    expect(screen.getByText('No comments yet.')).toBeInTheDocument();
  });

  it('renders markup in a comment as the characters typed, injecting nothing', async () => {
    const script = '<script>alert(1)</script>';
    const img = '<img src=x onerror=alert(1)>';
    const { container } = renderComments({
      'comments.list': () => ({
        items: [comment({ body: script }), comment({ body: img })],
        total: 2,
        nextCursor: null,
      }),
    });
    expect(await screen.findByText(script)).toBeInTheDocument();
    expect(screen.getByText(img)).toBeInTheDocument();
    const list = screen.getByTestId('comments');
    expect(list.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(list.querySelectorAll('[onerror]')).toHaveLength(0);
  });

  it('deletes one’s own comment after a confirmation; it stays in place as removed', async () => {
    const user = userEvent.setup();
    const mine = comment({ body: 'Mine, to delete', mine: true });
    const theirs = comment({ body: 'Theirs' });
    const view = renderComments({
      'comments.list': () => ({ items: [mine, theirs], total: 2, nextCursor: null }),
      'comments.remove': (): Comment => ({ ...mine, body: null, removed: true }),
    });
    expect(await countHeading(2)).toBeInTheDocument();
    const [own, other] = screen.getAllByTestId('comment');
    expect(within(other!).queryByRole('button', { name: 'Delete your comment' })).toBeNull();
    await user.click(within(own!).getByRole('button', { name: 'Delete your comment' }));
    const confirm = within(own!).getByRole('alertdialog');
    expect(confirm).toHaveTextContent('Delete this comment?');
    expect(view.callsTo('comments.remove')).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(within(own!).getByText('Comment removed')).toBeInTheDocument());
    expect(view.callsTo('comments.remove').map((c) => c.input)).toEqual([{ commentId: mine.id }]);
    expect(screen.queryByText('Mine, to delete')).toBeNull();
    expect(bodies()).toHaveLength(2);
    expect(await countHeading(1)).toBeInTheDocument();
  });

  it('loads older comments with the cursor of the last page', async () => {
    const user = userEvent.setup();
    const first = [comment({ body: 'Newest' }), comment({ body: 'Newer' })];
    const second = [comment({ body: 'Oldest' })];
    const view = renderComments({
      'comments.list': (input) =>
        (input as { cursor?: string }).cursor
          ? { items: second, total: 3, nextCursor: null }
          : { items: first, total: 3, nextCursor: first[1]!.id },
    });
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(bodies()).toHaveLength(3));
    expect(bodies()[2]).toContain('Oldest');
    const asked = view.callsTo('comments.list').map((c) => c.input as { cursor?: string; limit: number });
    expect(asked.map((input) => input.cursor)).toEqual([undefined, first[1]!.id]);
    expect(asked.every((input) => input.limit === 20)).toBe(true);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('lets a signed-out reader read the comments, with a sign-in link instead of the form', async () => {
    renderComments({
      'auth.me': () => null,
      'comments.list': () => ({ items: [comment({ body: 'Hello there' })], total: 1, nextCursor: null }),
    });
    expect(await screen.findByText('Hello there')).toBeInTheDocument();
    const signIn = await screen.findByRole('link', { name: 'Sign in to comment' });
    expect(signIn.getAttribute('href')).toMatch(/^\/auth\/signin\?returnTo=/);
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
