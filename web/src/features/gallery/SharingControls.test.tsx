import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, renderWithApp } from '../../../test/unit/render';
import { SharingControls, type SharedImage } from './SharingControls';
import { IMAGE } from './test-fixtures';

function renderControls(image: SharedImage, update: (input: unknown) => unknown) {
  return renderWithApp(<SharingControls image={image} />, {
    path: `/en/images/${IMAGE}`,
    route: '/:locale/images/:generationId',
    api: { 'gallery.update': update },
  });
}

describe('SharingControls', () => {
  it('a refused switch goes back to the saved state', async () => {
    renderControls({ id: IMAGE, visibility: 'private' }, () => {
      throw apiError('CONFLICT');
    });
    const toggle = screen.getByRole('switch', { name: 'Public' });
    await userEvent.setup().click(toggle);
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    expect(screen.getByText('Private: only you can see it')).toBeInTheDocument();
  });

  it('on a card, links to the image page for the description', () => {
    renderControls({ id: IMAGE, visibility: 'public' }, () => null);
    expect(screen.getByRole('switch', { name: 'Public' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('link', { name: 'Add or edit the description' })).toHaveAttribute(
      'href',
      `/en/images/${IMAGE}`,
    );
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('saves a description as plain text, trimmed, and refuses one over 1,000 characters', async () => {
    const user = userEvent.setup();
    const view = renderControls({ id: IMAGE, visibility: 'public', description: null }, (input) => ({
      id: IMAGE,
      visibility: 'public',
      description: (input as { description: string }).description,
      publishedAt: '2026-12-01T10:00:00.000Z',
    }));
    const box = screen.getByRole('textbox', { name: 'Description' });
    const save = screen.getByRole('button', { name: 'Save description' });
    expect(save).toBeDisabled();

    fireEvent.change(box, { target: { value: 'x'.repeat(1001) } });
    expect(screen.getByText('1 character too many.')).toBeInTheDocument();
    expect(save).toBeDisabled();
    fireEvent.submit(save.closest('form')!);
    expect(view.callsTo('gallery.update')).toHaveLength(0);

    fireEvent.change(box, { target: { value: '' } });
    await user.type(box, ' <b>Dusk</b> ');
    expect(save).toBeEnabled();
    await user.click(save);
    await waitFor(() => expect(view.callsTo('gallery.update')).toHaveLength(1));
    expect(view.callsTo('gallery.update')[0]!.input).toEqual({
      generationId: IMAGE,
      description: '<b>Dusk</b>',
    });
    await waitFor(() => expect(box).toHaveValue('<b>Dusk</b>'));
  });
});
