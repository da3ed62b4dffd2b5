import { MemoryTagStore } from './memory-tag-store';
import { describeTagStoreContract } from './tag-store-contract';

// The tag editor's tests run on this store: it must behave as the catalog does.
describeTagStoreContract('in-memory tag store', async () => {
  const imageIds = ['a', 'b', 'c'].map((name) => `image-${name}`);
  return { store: new MemoryTagStore(imageIds.map((id) => [id, []] as const)), imageIds };
});
