import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { NotificationsPage } from './NotificationsPage';

const STYLE = '11111111-1111-4111-8111-111111111111';
const item = (id: string, type: string, payload: unknown, read = false) => ({
  id,
  type,
  payload,
  read,
  createdAt: new Date().toISOString(),
});

function setup(locale: 'en' | 'ko' = 'en') {
  let page2Asked = false;
  const marked: unknown[] = [];
  const view = renderWithApp(<NotificationsPage />, {
    path: `/${locale}/notifications`,
    route: '/:locale/notifications',
    locale,
    api: {
      'notifications.list': (input) => {
        const cursor = (input as { cursor?: string }).cursor;
        if (cursor) {
          page2Asked = true;
          return { items: [item('n3', 'image_commented', {}, true)], nextCursor: null };
        }
        return {
          items: [
            item('n1', 'model_training_completed', { styleId: STYLE, styleName: 'Ink Wash', version: 1 }),
            item('n2', 'image_generation_completed', { styleId: STYLE, styleName: 'Ink Wash' }, true),
          ],
          nextCursor: 'n2',
        };
      },
      'notifications.markRead': (input) => {
        marked.push(input);
        return { updated: 1 };
      },
      'notifications.unreadCount': () => ({ count: 0 }),
    },
  });
  return { ...view, marked, page2Asked: () => page2Asked };
}

describe('NotificationsPage', () => {
  it('lists notifications in words with links to their cause, unread ones marked', async () => {
    setup();
    const rows = await screen.findAllByTestId('notification');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-unread');
    expect(rows[1]).not.toHaveAttribute('data-unread');
    expect(within(rows[0]!).getByRole('link')).toHaveAttribute('href', `/en/studio/${STYLE}`);
    expect(within(rows[0]!).getByText('Training finished')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link')).toHaveAttribute('href', '/en/images');
  });

  it('marks one read when opened, all read on request, and loads more', async () => {
    const user = userEvent.setup();
    const view = setup();
    const rows = await screen.findAllByTestId('notification');
    await user.click(within(rows[0]!).getByRole('link'));
    await waitFor(() => expect(view.marked).toContainEqual({ ids: ['n1'] }));
    // The list is asked again on return, so the read state shows.
    const listed = view.calls.filter((c) => c.path === 'notifications.list').length;
    // Opening one navigated to its cause; back to the list for the rest.
    await view.router.navigate('/en/notifications');
    await waitFor(() =>
      expect(view.calls.filter((c) => c.path === 'notifications.list').length).toBeGreaterThan(listed),
    );
    await user.click(await screen.findByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(view.marked).toContainEqual({ ids: 'all' }));
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('New comment')).toBeInTheDocument();
    expect(view.page2Asked()).toBe(true);
  });

  it('a failed refresh keeps the list on screen, with the error and a retry', async () => {
    const user = userEvent.setup();
    let asked = 0;
    renderWithApp(<NotificationsPage />, {
      path: '/en/notifications',
      route: '/:locale/notifications',
      api: {
        'notifications.list': () => {
          asked += 1;
          if (asked === 2) throw apiError('RATE_LIMITED');
          return { items: [item('n1', 'image_commented', {}, asked > 2)], nextCursor: null };
        },
        'notifications.markRead': () => ({ updated: 1 }),
        'notifications.unreadCount': () => ({ count: 0 }),
      },
    });
    await screen.findByTestId('notification');
    // Marking all read asks for the list again, and that refresh fails.
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    expect(screen.getByTestId('notification')).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('notification')).not.toHaveAttribute('data-unread'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a list that never loaded shows the error with a retry', async () => {
    const user = userEvent.setup();
    let fail = true;
    renderWithApp(<NotificationsPage />, {
      path: '/en/notifications',
      route: '/:locale/notifications',
      api: {
        'notifications.list': () => {
          if (fail) throw apiError('RATE_LIMITED');
          return { items: [item('n1', 'image_commented', {})], nextCursor: null };
        },
      },
    });
    const alert = await screen.findByRole('alert');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('notification')).toBeInTheDocument();
  });

  it('links a like and a comment to the image, showing the comment’s excerpt as text', async () => {
    const image = '22222222-2222-4222-8222-222222222222';
    const { container } = renderWithApp(<NotificationsPage />, {
      path: '/en/notifications',
      route: '/:locale/notifications',
      api: {
        'notifications.list': () => ({
          items: [
            item('n1', 'image_commented', {
              generationId: image,
              styleName: 'Ink Wash',
              authorName: 'Rae',
              excerpt: '<img src=x onerror=alert(1)>',
            }),
            item('n2', 'image_liked', { generationId: image, styleName: 'Ink Wash', likerName: 'Mina' }),
          ],
          nextCursor: null,
        }),
      },
    });
    const [commented, liked] = await screen.findAllByTestId('notification');
    expect(within(commented!).getByRole('link')).toHaveAttribute('href', `/en/images/${image}`);
    expect(within(liked!).getByRole('link')).toHaveAttribute('href', `/en/images/${image}`);
    expect(commented).toHaveTextContent('“<img src=x onerror=alert(1)>”');
    expect(container.querySelector('img')).toBeNull();
  });

  it('speaks Korean on a Korean page', async () => {
    setup('ko');
    expect(await screen.findByText('학습 완료')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '모두 읽음으로 표시' })).toBeInTheDocument();
    expect(screen.getAllByRole('link')[0]).toHaveAttribute('href', `/ko/studio/${STYLE}`);
  });
});
