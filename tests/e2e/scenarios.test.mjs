// The end-to-end scenarios of issue 7, each in headless Chromium and in Firefox ESR, against the
// real host and one shared database. Both browsers run at once from one temporary world, so the
// two-browser scenario is just another test. Each browser uses its own HTTPS test sites
// (<name>-c.test for Chromium, <name>-f.test for Firefox), so their scenarios do not disturb
// each other. Chromium is driven by playwright-core, Firefox over WebDriver BiDi.
//
// Needs a built host (CW_BUILD_DIR, default build/dev), `npm ci` and `npm run pack`. Run:
//   CW_BUILD_DIR=build/dev node --test tests/e2e/
// Failures name the scenario and browser; screenshots, jar dumps and the host's log files go
// to artifacts/e2e/. CW_E2E_BROWSERS=chromium (or firefox) runs one browser only.

// The kit first: it registers the set-up and tear-down around every scenario.
import "./scenario-kit.mjs";
import "./scenarios-page.mjs";
import "./scenarios-host.mjs";
