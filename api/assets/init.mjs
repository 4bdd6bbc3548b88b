// The GOV.UK Frontend components the pages use (error summaries take focus, and so on).
import { initAll } from "/govuk/govuk-frontend.min.js";

initAll();
