import { PageHeader } from '../../components/ui/Page';

export function BecomeArtistPage() {
  return <PageHeader title="BecomeArtistPage" />;
}
