/** Placeholder: this area's page is being built. */
import { usePageTitle } from '../shared/page.ts';

export default function Page() {
  usePageTitle('tasklist');
  return <div class="page"><h1>tasklist</h1></div>;
}
