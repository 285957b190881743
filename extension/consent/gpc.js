// Global Privacy Control in the page's own world: navigator.globalPrivacyControl is true on
// sites where the citizen denies marketing (registered only there, by background/consent-gpc.js).
(function () {
  "use strict";
  try {
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: () => true, configurable: true,
                                                                        enumerable: true});
  } catch (_error) {
    // The browser has its own (Firefox with its GPC preference on): that one stands.
  }
})();
