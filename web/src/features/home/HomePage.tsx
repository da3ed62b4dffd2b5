import { PageHeader } from '../../components/ui/Page';

export function HomePage() {
  return <PageHeader title="HomePage" />;
}
