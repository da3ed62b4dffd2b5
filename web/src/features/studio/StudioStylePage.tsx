import { PageHeader } from '../../components/ui/Page';

export function StudioStylePage() {
  return <PageHeader title="StudioStylePage" />;
}
