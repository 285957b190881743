// Answers the page's cookie banner with the citizen's choices for the site (isolated world,
// document_idle, top frame). Cost on a page without a banner: one message to the background
// and one detection pass; if nothing is found, a MutationObserver re-checks (at most every
// RECHECK_MS) for late banners until WATCH_MS have passed, then everything is let go.
// Uses engine.js and detectors.js, loaded before it.
(function () {
  "use strict";
  const WATCH_MS = 8000;
  const RECHECK_MS = 250;
  const ANSWER_MS = 15000;
  const api = globalThis.browser ?? globalThis.chrome;
  const engine = globalThis.cwConsentEngine;
  if (!api?.runtime?.id || !engine || window !== window.top) return;
  if (globalThis.cwConsentStarted) return; // injected twice (an extension reload)
  globalThis.cwConsentStarted = true;

  // Both browsers return a promise when no callback is given.
  const send = async (message) => {
    try {
      const reply = await api.runtime.sendMessage(message);
      return reply?.ok ? reply : null;
    } catch (_error) {
      return null; // the background is restarting, or the extension was reloaded under the page
    }
  };

  function addHiderStyle() {
    const style = document.createElement("style");
    style.textContent = `.${engine.HIDDEN_CLASS}{opacity:0!important;pointer-events:none!important}`;
    (document.head ?? document.documentElement).append(style);
  }

  // The site's own banner as its manifest describes it: {banner, accept, reject}.
  function siteBannerShowing(banner) {
    if (!banner?.banner) return false;
    return engine.select(window, {selector: banner.banner, displayFilter: true}, null).length > 0;
  }

  // The answer is recorded before the banner is told, so that whatever the site sets in
  // answer to it is judged after the refusal.
  async function answerSiteBanner(page) {
    const {banner} = page;
    const allowAll = page.allOptionalAllowed;
    const button = engine.select(window, {selector: allowAll ? banner.accept : banner.reject}, null)[0];
    if (!button) return false;
    await send({type: "consent.answering"});
    await send({type: "consent.answered", platform: `manifest:${page.manifest}`, choices: page.allOrNothing});
    button.click();
    return true;
  }

  async function answerPlatform(page, name) {
    const rule = await send({type: "consent.rule", name});
    if (!rule?.rule) return false;
    addHiderStyle();
    await send({type: "consent.answering"});
    const runner = engine.createRunner(window, rule.rule, page.consents, {
      deadline: Date.now() + ANSWER_MS,
      beforeSave: () => send({type: "consent.answered", platform: name, choices: page.choices}),
    });
    try {
      await runner.answer();
    } catch (error) {
      await send({type: "consent.failed", platform: name, message: String(error.message ?? error)});
    }
    return true;
  }

  // One detection pass: the manifest's own banner first, then the platform the manifest names,
  // then every shipped rule in list order.
  function findBanner(page) {
    if (page.banner && siteBannerShowing(page.banner)) return {site: true};
    const detectors = globalThis.cwConsentDetectors ?? {};
    if (page.platform && detectors[page.platform] &&
        engine.detect(window, {[page.platform]: detectors[page.platform]}).length > 0) {
      return {platform: page.platform};
    }
    const found = engine.detect(window, detectors);
    return found.length > 0 ? {platform: found[0]} : null;
  }

  async function start() {
    const page = await send({type: "consent.page"});
    if (!page?.answer) return;
    let busy = false;
    let done = false;
    const attempt = async () => {
      if (busy || done) return;
      const hit = findBanner(page);
      if (!hit) return;
      busy = true;
      try {
        done = hit.site ? await answerSiteBanner(page) : await answerPlatform(page, hit.platform);
      } finally {
        busy = false;
      }
    };
    await attempt();
    if (done) return;
    // Late banners: re-check on DOM changes, throttled, until the deadline.
    let timer = null;
    const observer = new MutationObserver(() => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        attempt().then(() => { if (done) stop(); }, stop);
      }, RECHECK_MS);
    });
    const deadline = setTimeout(() => stop(), WATCH_MS);
    function stop() {
      observer.disconnect();
      clearTimeout(deadline);
      if (timer !== null) clearTimeout(timer);
    }
    observer.observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                                attributeFilter: ["style", "class", "hidden"]});
  }

  start().catch((error) => console.warn("Cookie Warden: consent banner:", error));
})();
