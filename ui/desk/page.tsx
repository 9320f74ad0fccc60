/** Placeholder: this area's page is being built. */
import { usePageTitle } from '../shared/page.ts';

export default function Page() {
  usePageTitle('desk');
  return <div class="page"><h1>desk</h1></div>;
}
