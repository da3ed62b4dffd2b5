// A page whose code cannot load (a chunk of a replaced build) offers a reload in the reader's language.
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/unit/render';
import { RouteError } from './RouteError';

describe('RouteError', () => {
  it('replaces a page that failed to load with a reload button', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderWithApp(
      {
        routes: [
          {
            path: '/:locale',
            errorElement: <RouteError />,
            lazy: async () => {
              throw new TypeError('Failed to fetch dynamically imported module');
            },
          },
        ],
      },
      { path: '/ko', locale: 'ko' },
    );
    expect(await screen.findByRole('heading', { name: '페이지를 불러오지 못했습니다' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '페이지 새로고침' })).toBeInTheDocument();
    vi.restoreAllMocks();
  });
});
