/** The app on the Zeebe adapter (`zeebe-app.ts`): copy certification, household business, construction permit. */
import { proceduresOnZeebe } from './zeebe-app.ts';

proceduresOnZeebe('business-and-building');
