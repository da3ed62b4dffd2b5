import { PageHeader } from '../../components/ui/Page';

export function MyImagesPage() {
  return <PageHeader title="MyImagesPage" />;
}
