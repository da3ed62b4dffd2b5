import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../lib/i18n';
import { TagChips, addTags, filterSuggestions, type TagChipsProps } from './TagChips';
import { TagList } from './TagList';

beforeAll(() => {
  initI18n('en');
});

function Harness(props: Partial<TagChipsProps> & { initial?: string[]; spy?: (tags: string[]) => void }) {
  const { initial = [], spy, ...rest } = props;
  const [value, setValue] = useState(initial);
  return (
    <TagChips
      label="Tags"
      {...rest}
      value={value}
      onChange={(next) => {
        spy?.(next);
        setValue(next);
      }}
    />
  );
}

const input = () => screen.getByRole('combobox', { name: 'Tags' });
const chips = () =>
  screen
    .queryAllByRole('button', { name: /^Remove tag / })
    .map((b) => b.getAttribute('aria-label')!.slice(11));

describe('TagChips', () => {
  it('adds a normalised tag on Enter and on comma', () => {
    render(<Harness />);
    fireEvent.change(input(), { target: { value: 'Ink' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual(['ink']);
    expect(input()).toHaveValue('');
    fireEvent.change(input(), { target: { value: 'portrait' } });
    fireEvent.keyDown(input(), { key: ',' });
    expect(chips()).toEqual(['ink', 'portrait']);
  });

  it('never lets Enter submit the form around it, also in the empty field', async () => {
    const submitted = vi.fn((e: { preventDefault: () => void }) => e.preventDefault());
    render(
      <form onSubmit={submitted}>
        <Harness />
        <button type="submit">Buy</button>
      </form>,
    );
    const user = userEvent.setup();
    await user.type(input(), 'ink{Enter}{Enter}');
    expect(chips()).toEqual(['ink']);
    expect(submitted).not.toHaveBeenCalled();
    // Empty field: the keydown is still cancelled (a cancelled Enter does not submit).
    expect(fireEvent.keyDown(input(), { key: 'Enter' })).toBe(false);
    expect(fireEvent.keyDown(input(), { key: ',' })).toBe(false);
  });

  it('ignores Enter while an IME is composing, so a Korean tag is added whole', () => {
    render(<Harness />);
    fireEvent.change(input(), { target: { value: '수채' } });
    // The Enter that commits the last syllable: composing, or keyCode 229 in some browsers.
    fireEvent.keyDown(input(), { key: 'Enter', isComposing: true });
    fireEvent.keyDown(input(), { key: 'Enter', keyCode: 229 });
    expect(chips()).toEqual([]);
    expect(input()).toHaveValue('수채');
    fireEvent.change(input(), { target: { value: '수채화' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual(['수채화']);
    expect(input()).toHaveValue('');
  });

  it('adds every piece of a pasted comma list', () => {
    render(<Harness />);
    fireEvent.change(input(), { target: { value: 'a, b,c' } });
    expect(chips()).toEqual(['a', 'b', 'c']);
  });

  it('removes a chip with its button and the last one with Backspace in the empty field', () => {
    render(<Harness initial={['ink', 'portrait', 'sky']} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag portrait' }));
    expect(chips()).toEqual(['ink', 'sky']);
    fireEvent.keyDown(input(), { key: 'Backspace' });
    expect(chips()).toEqual(['ink']);
  });

  it('refuses a duplicate (after folding) and says so', () => {
    const spy = vi.fn();
    render(<Harness initial={['ink']} spy={spy} />);
    fireEvent.change(input(), { target: { value: 'INK' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual(['ink']);
    expect(spy).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('already added');
  });

  it('stops at max', () => {
    render(<Harness initial={['a', 'b']} max={2} />);
    fireEvent.change(input(), { target: { value: 'c' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual(['a', 'b']);
    expect(screen.getByRole('alert')).toHaveTextContent('At most 2 tags');
  });

  it('filters suggestions by the typed text and picks one with the keyboard', () => {
    render(<Harness suggestions={['watercolor', 'ink', 'inky sky', 'pink']} />);
    fireEvent.focus(input());
    fireEvent.change(input(), { target: { value: 'in' } });
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    // Prefix matches first, then those that contain it; non-matching ones hidden.
    expect(options).toEqual(['ink', 'inky sky', 'pink']);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input()).toHaveAttribute('aria-activedescendant', screen.getAllByRole('option')[1]!.id);
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual(['inky sky']);
    fireEvent.keyDown(input(), { key: 'Escape' });
    expect(screen.queryByRole('option')).toBeNull();
  });

  it('picks a suggestion with the mouse and hides chosen ones', () => {
    render(<Harness suggestions={['ink', 'sky']} />);
    fireEvent.focus(input());
    fireEvent.mouseDown(screen.getByRole('option', { name: 'sky' }));
    expect(chips()).toEqual(['sky']);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['ink']);
  });

  it('with onlySuggestions refuses a tag outside the vocabulary', () => {
    render(<Harness suggestions={['ink']} onlySuggestions />);
    fireEvent.change(input(), { target: { value: 'oil' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(chips()).toEqual([]);
    expect(screen.getByRole('alert')).toHaveTextContent('not one of the tags');
  });
});

describe('tag helpers', () => {
  it('addTags keeps the first spelling and reports problems', () => {
    expect(addTags(['ink'], 'Sky, sky')).toEqual({
      value: ['ink', 'sky'],
      problem: { kind: 'duplicate', tag: 'sky' },
    });
    expect(addTags([], 'x', { validate: () => 'bad' }).problem).toEqual({
      kind: 'invalid',
      tag: 'x',
      message: 'bad',
    });
  });
  it('filterSuggestions drops chosen and duplicate suggestions', () => {
    expect(filterSuggestions(['Ink', 'ink', 'sky'], '', ['sky'])).toEqual(['ink']);
  });
});

describe('TagList', () => {
  it('renders links, or toggles with aria-pressed', () => {
    const onToggle = vi.fn();
    const { unmount } = render(
      <MemoryRouter initialEntries={['/ko']}>
        <Routes>
          <Route
            path="/:locale"
            element={<TagList tags={['ink']} linkTo={(tag) => `/search?tags=${tag}`} />}
          />
        </Routes>
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'ink' })).toHaveAttribute('href', '/ko/search?tags=ink');
    unmount();
    render(<TagList tags={['ink', 'sky']} selected={['sky']} onToggle={onToggle} />);
    expect(screen.getByRole('button', { name: 'sky' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'ink' }));
    expect(onToggle).toHaveBeenCalledWith('ink');
  });
});
