import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../../test/unit/render';
import { uploadQueue } from '../upload-queue';
import { UploadPanel } from './UploadPanel';

const STYLE = '00000000-0000-4000-8000-0000000000b2';

afterEach(() => uploadQueue.getState().clearFinished(STYLE));

function queued(name: string) {
  const [item] = uploadQueue.getState().add(STYLE, [new File(['x'], name, { type: 'image/png' })], 0);
  return item!;
}

describe('UploadPanel', () => {
  it('keeps the drop zone out of the tab order: the Choose files button is the keyboard path', () => {
    const { container } = renderWithApp(
      <UploadPanel styleId={STYLE} acceptedCount={0} disabled={false} tagSuggestions={[]} />,
    );
    const choose = screen.getByRole('button', { name: 'Choose files' });
    expect(container.querySelectorAll('[tabindex]:not([tabindex="-1"])')).toHaveLength(0);
    expect(choose).not.toHaveAttribute('tabindex');
  });

  it('names each row’s Retry and Add tags buttons after its file', () => {
    const a = queued('sunset.png');
    const b = queued('harbour.png');
    // One failed (Retry), one waiting (Add tags): no runner is started in this test.
    uploadQueue.getState().fail(a.id, null, 'read');
    uploadQueue.getState().hashed(b.id, 'b'.repeat(64));
    renderWithApp(<UploadPanel styleId={STYLE} acceptedCount={0} disabled={false} tagSuggestions={[]} />);
    expect(screen.getByRole('button', { name: 'Retry sunset.png' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Add tags to harbour.png' }));
    expect(screen.getByRole('combobox', { name: 'Tags for harbour.png' })).toBeInTheDocument();
    uploadQueue.getState().remove(a.id);
    uploadQueue.getState().remove(b.id);
  });
});
