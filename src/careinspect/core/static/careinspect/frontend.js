// Starts GOV.UK Frontend's and MOJ Frontend's components on every page. The paths are relative to this
// file so they hold wherever STATIC_URL points.
import { initAll as initGovuk } from "../govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../moj/moj-frontend.min.js";

initGovuk();
initMoj();
