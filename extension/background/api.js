// One name for the WebExtension API in both browsers: Firefox's promise-based `browser`, or
// Chromium's `chrome`, whose MV3 methods also return promises.
export const api = globalThis.browser ?? globalThis.chrome;

// Firefox alone has getBrowserInfo; it also alone knows firstPartyDomain on cookies.
export const isFirefox = typeof api?.runtime?.getBrowserInfo === "function";
