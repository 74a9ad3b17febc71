// Starts GOV.UK Frontend's components. A module script runs only in browsers GOV.UK Frontend supports,
// so the classes that switch its enhanced styles on are set here, not in an inline script (the CSP
// forbids inline script). Without JavaScript every page works as plain HTML.
import { initAll } from "/vendor/govuk-frontend/govuk-frontend-5.11.1.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
