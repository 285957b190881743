// Pages that reproduce consent banners the way the shipped rules expect them (element ids and
// classes from extension/consent/rules.json; each platform's consent cookie set on save), for
// the interpreter's unit tests (jsdom) and the end-to-end tests (served by consent-sites.mjs).
// On save each page sets its consent cookie, removes its banner, records what it received in
// window.cwReceived and, when served, reports it as /received?id=ID&answer=JSON. With
// sneaky=true the page sets _ga at once when statistics were refused: the non-compliant site.

const COOKIE_AGE = "; path=/; max-age=31536000";

function saver(cookieExpr, received, bannerId, sneaky) {
  return `
function cwSave(p) {
  document.cookie = ${cookieExpr} + "${COOKIE_AGE}";
  window.cwReceived = ${received};
  document.getElementById(${JSON.stringify(bannerId)}).remove();
  if (typeof fetch === "function" && location.protocol.startsWith("http")) {
    const id = new URLSearchParams(location.search).get("id") || "";
    fetch("/received?id=" + encodeURIComponent(id) + "&answer=" + encodeURIComponent(JSON.stringify(window.cwReceived)),
          {method: "POST"}).catch(() => {});
  }
  if (${Boolean(sneaky)} && !window.cwReceived.statistics) {
    document.cookie = "_ga=GA1.1.12345.67890${COOKIE_AGE}";
  }
}`;
}

const checked = (id) => `document.getElementById('${id}').checked`;

// Cookiebot: details link, three level checkboxes, "allow selection" saves. With late=true the
// dialog is shown only a second after the page loaded, as Cookiebot's script often does.
export function cookiebot({sneaky = false, late = false} = {}) {
  const ids = {p: "CybotCookiebotDialogBodyLevelButtonPreferences", s: "CybotCookiebotDialogBodyLevelButtonStatistics",
               m: "CybotCookiebotDialogBodyLevelButtonMarketing"};
  const value = `"CookieConsent=" + encodeURIComponent("{stamp:'cw-test',necessary:true,preferences:" + p.preferences +
    ",statistics:" + p.statistics + ",marketing:" + p.marketing + ",method:'explicit',ver:1}")`;
  return `<title>Cookiebot fixture</title><h1>A page with a Cookiebot banner</h1>
<div id="CybotCookiebotDialog" style="position:fixed;bottom:0;background:#fff${late ? ";display:none" : ""}">
 <div id="CybotCookiebotDialogBody">
  <p>This website uses cookies.</p>
  <a id="CybotCookiebotDialogBodyButtonDetails" href="#" onclick="document.getElementById('cw-detail').style.display='block';return false">Show details</a>
  <div id="cw-detail" style="display:none">
   <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonNecessary" checked disabled> Necessary</label>
   <label><input type="checkbox" id="${ids.p}" checked> Preferences</label>
   <label><input type="checkbox" id="${ids.s}" checked> Statistics</label>
   <label><input type="checkbox" id="${ids.m}" checked> Marketing</label>
   <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection"
           onclick="cwSave({preferences: ${checked(ids.p)}, statistics: ${checked(ids.s)}, marketing: ${checked(ids.m)}})">Allow selection</button>
  </div>
  <button id="CybotCookiebotDialogBodyButtonDecline" onclick="cwSave({preferences: false, statistics: false, marketing: false})">Use necessary cookies only</button>
  <button id="CybotCookiebotDialogBodyButtonAccept" onclick="cwSave({preferences: true, statistics: true, marketing: true})">Allow all</button>
 </div>
</div>
<script>${saver(value, "p", "CybotCookiebotDialog", sneaky)}
${late ? "setTimeout(() => { document.getElementById('CybotCookiebotDialog').style.display = 'block'; }, 1000);" : ""}</script>`;
}

// Cookie Information: a summary page, "settings" opens the categories (unchecked), #updateButton saves.
export function cookieInformation({sneaky = false} = {}) {
  const cats = ["functional", "statistic", "marketing"];
  const value = `"CookieInformationConsent=" + encodeURIComponent(JSON.stringify({website_uuid: "cw-test",
    consents_approved: ["cookie_cat_necessary"].concat(p.approved), consents_denied: p.denied}))`;
  const boxes = cats.map((c) => `<label><input type="checkbox" id="cookie_cat_${c}"> ${c}</label>`).join("\n   ");
  const collect = `(function () { const approved = [], denied = [];
    for (const c of ${JSON.stringify(cats)}) (document.getElementById("cookie_cat_" + c).checked ? approved : denied).push("cookie_cat_" + c);
    return {approved, denied, functional: approved.includes("cookie_cat_functional"),
            statistics: approved.includes("cookie_cat_statistic"), marketing: approved.includes("cookie_cat_marketing")}; })()`;
  return `<title>Cookie Information fixture</title><h1>A page with a Cookie Information banner</h1>
<div id="coiOverlay" style="position:fixed;bottom:0;background:#fff">
 <div class="coi-banner__page">
  <p>Vi bruger cookies.</p>
  <button class="coi-banner__nextpage" onclick="document.getElementById('coi-details').style.display='block'">Indstillinger</button>
  <button class="coi-banner__accept" onclick="cwSave({approved: ['cookie_cat_functional','cookie_cat_statistic','cookie_cat_marketing'], denied: [], functional: true, statistics: true, marketing: true})">Accepter alle</button>
 </div>
 <div id="coi-details" style="display:none">
   ${boxes}
   <button id="updateButton" onclick="cwSave(${collect.replace(/"/g, "&quot;")})">Gem indstillinger</button>
 </div>
</div>
<script>${saver(value, "p", "coiOverlay", sneaky)}</script>`;
}

// OneTrust: banner, "cookie settings" opens the preference centre; one .category-item per group.
export function oneTrust({sneaky = false} = {}) {
  const groups = [["C0002", "Performance Cookies", "statistics"], ["C0003", "Functional Cookies", "functional"],
                  ["C0004", "Targeting Cookies", "marketing"]];
  const items = groups.map(([id, title]) => `<div class="category-item">
    <h4 class="category-header">${title}</h4><button class="category-menu-switch-handler">${title}</button>
    <input type="checkbox" class="category-switch-handler" id="ot-group-id-${id}" checked>
    <label for="ot-group-id-${id}">on/off</label></div>`).join("\n");
  const collect = `(function () { const g = (id) => document.getElementById("ot-group-id-" + id).checked;
    return {statistics: g("C0002"), functional: g("C0003"), marketing: g("C0004")}; })()`;
  const value = `"OptanonConsent=" + encodeURIComponent("isGpcEnabled=0&groups=C0001:1,C0002:" + (p.statistics ? 1 : 0) +
    ",C0003:" + (p.functional ? 1 : 0) + ",C0004:" + (p.marketing ? 1 : 0))`;
  return `<title>OneTrust fixture</title><h1>A page with a OneTrust banner</h1>
<div id="onetrust-consent-sdk">
 <div id="onetrust-banner-sdk" style="position:fixed;bottom:0;background:#fff">
  <p>We use cookies.</p>
  <button id="onetrust-pc-btn-handler" onclick="document.getElementById('onetrust-pc-sdk').style.display='block'">Cookie settings</button>
  <button id="onetrust-accept-btn-handler" onclick="cwSave({statistics: true, functional: true, marketing: true})">Accept all</button>
 </div>
 <div id="onetrust-pc-sdk" style="display:none">
  ${items}
  <button class="save-preference-btn-handler" onclick="cwSave(${collect.replace(/"/g, "&quot;")})">Confirm my choices</button>
 </div>
</div>
<script>${saver(value, "p", "onetrust-consent-sdk", sneaky)}</script>`;
}

// borger.dk's own banner: one answer for every optional cookie, kept in BDK_CookieLawAccepted.
export function borger() {
  const value = `"BDK_CookieLawAccepted=" + (p.all ? "true" : "false")`;
  return `<title>borger.dk-like fixture</title><h1>borger.dk</h1>
<div class="cookie-banner" id="cw-borger-banner">
  <p>Vi bruger cookies til statistik.</p>
  <button id="AcceptCookieLawButton" onclick="cwSave({all: true, statistics: true})">Accepter</button>
  <button id="RejectCookieLawButton" onclick="cwSave({all: false, statistics: false})">Afvis</button>
</div>
<script>${saver(value, "p", "cw-borger-banner", false)}</script>`;
}

// kk.dk-like: Cookie Information, as kk.dk's policy and manifest say ("Samtykkeindstillinger").
export function kk() {
  return cookieInformation().replace("<h1>A page with a Cookie Information banner</h1>",
                                     "<h1>kk.dk</h1><a href=\"#\" id=\"cw-renew\">Samtykkeindstillinger</a>");
}

export function noBanner() {
  return `<title>No banner</title><h1>A page without a cookie banner</h1><p id="cw-untouched">Nothing to answer here.</p>
<div class="cookie-info">This text mentions cookies but is no banner.</div>`;
}
