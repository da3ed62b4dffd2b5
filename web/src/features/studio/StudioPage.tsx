import { PageHeader } from '../../components/ui/Page';

export function StudioPage() {
  return <PageHeader title="StudioPage" />;
}
