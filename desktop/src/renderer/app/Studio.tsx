// The one screen: header, the sections in their layout, the keyboard, and the dialogs.
import { useMemo } from 'react';
import { ChecksPanel } from '../features/checks/ChecksPanel';
import { Compare } from '../features/curate/Compare';
import { FilterBar } from '../features/curate/FilterBar';
import { useShortcuts } from '../features/curate/use-shortcuts';
import { ImageGrid } from '../features/grid/ImageGrid';
import { LibraryPanel } from '../features/library/LibraryPanel';
import { PublishPanel } from '../features/publish/PublishPanel';
import { focusTagInput } from '../features/tags/focus';
import { TagPanel } from '../features/tags/TagPanel';
import { useTagEdits } from '../features/tags/use-tag-edits';
import { Header } from './Header';
import { Layout } from './Layout';
import { ShortcutsDialog } from './ShortcutsDialog';

export function Studio() {
  const edits = useTagEdits();
  const actions = useMemo(
    () => ({ undo: edits.undo, redo: edits.redo, focusTagInput }),
    [edits.undo, edits.redo],
  );
  useShortcuts(actions);
  return (
    <div className="flex h-full flex-col">
      <Header />
      <Layout
        library={<LibraryPanel />}
        filters={<FilterBar />}
        grid={<ImageGrid />}
        side={{ tags: <TagPanel edits={edits} />, checks: <ChecksPanel />, publish: <PublishPanel /> }}
      />
      <Compare />
      <ShortcutsDialog />
    </div>
  );
}
