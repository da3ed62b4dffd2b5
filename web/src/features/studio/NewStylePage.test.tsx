import { useQuery } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { STYLE_NAME_MAX, type MyStyle } from '@style-license/shared';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { apiError, languageT, networkError, renderWithApp, Where } from '../../../test/unit/render';
import { StyleForm } from './components/StyleForm';
import { NewStylePage } from './NewStylePage';
import { useCreateStyle } from './use-create-style';

// The toast library loads lazily and draws outside the page: what matters here is that it was asked.
vi.mock('../../lib/toast', () => ({ toast: vi.fn() }));

const ID = '00000000-0000-4000-8000-0000000000b2';

const created = (input: unknown): MyStyle => ({
  ...(input as Pick<MyStyle, 'name' | 'description' | 'tags' | 'priceTokens'>),
  id: ID,
  status: 'draft',
  progress: 0,
  version: null,
  training: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  trainedAt: null,
  thumbnailUrl: null,
});

/** The studio's list of styles, kept on screen so that an invalidation of it shows as a refetch. */
function MineList() {
  const trpc = useTRPC();
  useQuery(trpc.styles.mine.queryOptions());
  return null;
}

function fillAndSubmit(name = 'Ink Birds') {
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText(/^Price/), { target: { value: '20' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create style' }));
}

function renderPage(create: (input: unknown) => unknown) {
  return renderWithApp(
    <>
      <NewStylePage />
      <MineList />
      <Where />
    </>,
    {
      path: '/en/studio/new',
      api: { 'styles.create': create, 'styles.mine': () => [], 'styles.popularTags': () => [] },
    },
  );
}

beforeEach(() => vi.mocked(toast).mockClear());

describe('NewStylePage', () => {
  it('creates the style, refreshes the studio’s list and goes on to the style’s page', async () => {
    const { callsTo } = renderPage(created);
    await waitFor(() => expect(callsTo('styles.mine')).toHaveLength(1));
    fillAndSubmit();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/en/studio/${ID}`));
    expect(callsTo('styles.create')).toEqual([
      { path: 'styles.create', input: { name: 'Ink Birds', description: '', tags: [], priceTokens: 20 } },
    ]);
    expect(callsTo('styles.mine')).toHaveLength(2);
    expect(toast).toHaveBeenCalledExactlyOnceWith('success', 'Style created. Now add its training images.');
  });

  it('puts a refusal that names a field under that field, with no message for the whole form', async () => {
    const t = languageT('en');
    renderPage(() => {
      throw apiError('VALIDATION_FAILED', [{ path: 'name', rule: 'too_big', message: 'too long' }]);
    });
    fillAndSubmit();
    const text = t('names.too_long', { max: STYLE_NAME_MAX });
    expect(await screen.findByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining(text));
    // The field's own alert is the only one: no form-wide message beside it.
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual([text]);
    expect(screen.getByTestId('location')).toHaveTextContent('/en/studio/new');
    expect(toast).not.toHaveBeenCalled();
  });

  it('says what went wrong for the whole form when no field is to blame, and stays', async () => {
    const { callsTo } = renderPage(() => {
      throw networkError();
    });
    fillAndSubmit();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the server');
    expect(screen.getByTestId('location')).toHaveTextContent('/en/studio/new');
    expect(callsTo('styles.mine')).toHaveLength(1);
    expect(toast).not.toHaveBeenCalled();
  });
});

describe('useCreateStyle', () => {
  // How the desktop studio's "New style" dialog uses it: its own next step, the same cache refresh.
  function Dialog({ onCreated }: { onCreated: (style: MyStyle) => void }) {
    const form = useCreateStyle(onCreated);
    return <StyleForm submitLabel="Create style" {...form} />;
  }

  it('hands the created style to the caller after refreshing the list of styles', async () => {
    const onCreated = vi.fn();
    const { callsTo } = renderWithApp(
      <>
        <Dialog onCreated={onCreated} />
        <MineList />
      </>,
      { api: { 'styles.create': created, 'styles.mine': () => [], 'styles.popularTags': () => [] } },
    );
    await waitFor(() => expect(callsTo('styles.mine')).toHaveLength(1));
    fillAndSubmit('Ink Fish');
    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(onCreated.mock.calls[0]![0]).toMatchObject({ id: ID, name: 'Ink Fish' });
    await waitFor(() => expect(callsTo('styles.mine')).toHaveLength(2));
    expect(toast).not.toHaveBeenCalled();
  });
});
