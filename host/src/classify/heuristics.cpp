#include "classify/heuristics.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <unordered_map>

namespace cw {

namespace {

struct Rule {
    Category category;
    std::string_view reason;
    std::vector<std::string_view> fragments;  // anywhere in the lower-case name
    std::vector<std::string_view> tokens;     // whole word pieces only
    bool first_party_only = false;
};

// Order matters: the first rule that matches decides. Consent and security come first
// because their names often also contain words of the later rules ("cookie_consent_stats").
// clang-format off
const std::vector<Rule>& rules() {
    static const std::vector<Rule> table{
        {Category::necessary,
         "Its name says it stores the visitor's cookie choice, which the site must keep to "
         "honour it.",
         {"consent", "cookielaw", "cookie_notice", "cookienotice", "cookie-notice",
          "cookiepolicy", "cookie_policy", "cookiebanner", "cookie_banner", "cookie-banner",
          "cookies_accepted", "cookie_accepted", "cookieaccept", "cookie-agree", "cookie_agree",
          "cookiesaccepted", "gdpr", "optanon", "usprivacy", "optout", "opt_out", "opt-out",
          "donottrack", "cookiechoice", "cookie_choice", "cookiesettings", "cookie_settings",
          "cookie-settings", "cookiepref", "cookie_pref", "privacy",
          // Danish: samtykke (consent)
          "samtykke"},
         {"cmp", "tcf", "dnt", "gpc", "ccpa"}},
        {Category::necessary,
         "Its name says it protects the site or a payment: forgery, bot, fraud or abuse "
         "protection.",
         {"csrf", "xsrf", "antiforgery", "requestverification", "captcha", "__cf",
          "cf_clearance", "incap_", "visid_incap", "akamai", "bm_sz", "_abck", "waf", "fraud",
          "firewall", "datadome", "challenge", "verification", "stripe", "paypal", "braintree",
          "adyen", "klarna"},
         {"bot", "security"}},
        {Category::necessary,
         "Its name says it checks whether the browser accepts cookies or scripts.",
         {"cookietest", "cookie_test", "cookie-test", "testcookie", "cookiecheck",
          "cookie_check", "cookies_enabled", "cookiesenabled", "cookie_enabled", "has_js",
          "js_enabled", "jsenabled"},
         {}},
        // Analytics and advertising products name their cookies after themselves; such a
        // name beats the generic words below ("_hjSession" is Hotjar, not a login).
        {Category::statistics,
         "Its name carries the mark of a web analytics, session-recording or testing product.",
         {"analytics", "_ga_", "_gat", "__utm", "_pk_", "matomo", "piwik", "_hj", "hotjar",
          "clarity", "_clck", "_clsk", "mixpanel", "amplitude", "ajs_", "optimizely", "_vwo",
          "_vis_opt", "newrelic", "dtcookie", "rxvisitor", "webtrends", "etracker",
          "siteimprove", "nmstat", "plausible", "umami", "posthog", "smartlook", "mouseflow",
          "fullstory", "quantum", "contentsquare", "_cs_", "yandex", "_ym", "gemius",
          "chartbeat", "parsely", "comscore", "kameleoon", "abtasty", "logrocket", "_lr_",
          "__insp", "inspectlet", "luckyorange", "crazyegg", "heap"},
         {}},
        {Category::marketing,
         "Its name carries the mark of an advertising or ad-measurement product.",
         {"gclid", "gclaw", "_gcl", "fbclid", "_fbp", "_fbc", "criteo", "doubleclick",
          "taboola", "outbrain", "tiktok", "_tt_", "_ttp", "pinterest", "_pin_", "linkedin",
          "twitter", "hubspot", "__hs", "mkto", "_uet", "adform", "yieldlab", "rubicon",
          "pubmatic", "openx", "bidswitch", "adnxs", "demdex", "everest", "quantcast", "__qca",
          "lotame", "bluekai", "scorecard", "sharethis", "addthis", "pixel", "retarget",
          "remarketing", "advert", "adserver", "snapchat", "_scid", "_rdt", "klaviyo", "_kla",
          "awin", "trade_desk", "tradedesk", "adroll", "__ar_v4", "zanpid", "_dc_gtm", "_gac",
          "_kuid", "_an_uid", "youtube", "facebook", "instagram", "adsense", "admob"},
         {}},
        {Category::necessary,
         "Its name says it routes the visitor to one server or cache (load balancing).",
         {"awsalb", "awselb", "bigipserver", "loadbalanc", "load_balanc", "affinity", "sticky",
          "serverid", "server_id", "ingresscookie", "cache", "varnish"},
         {"lb", "route", "backend", "node", "srv", "server", "balancer", "cdn", "edge",
          "proxy"}},
        {Category::necessary,
         "Its name says it keeps a login, a session or a shopping cart, which the site needs "
         "to work.",
         {"sessid", "sessionid", "session_id", "session", "jsession", "phpsess", "auth",
          "login", "logged", "jwt", "remember_me", "rememberme", "oauth", "saml", "_sso",
          "sso_", "identity", "cart", "basket", "checkout", "signin", "sign_in", "logon",
          // Danish: kurv/indkøbskurv/varekurv (basket), logind/log_ind (log in), huskmig
          // (remember me), logget_ind/indlogget (logged in)
          "kurv", "logind", "log_ind", "huskmig", "husk_mig", "logget", "indlogget"},
         {"sess", "sid", "token", "sso", "csrftoken", "ses"},
         /*first_party_only=*/true},
        {Category::statistics,
         "Its name points to visitor statistics (analytics, A/B tests or performance "
         "measurement).",
         {"pageview", "page_view", "abtest", "ab_test", "ab-test", "experiment", "split",
          "sample", "metric", "telemetry", "stats", "statistic", "visitcount", "visit_count",
          "lastvisit", "last_visit", "firstvisit", "first_visit", "visits", "counter",
          "scroll", "heatmap", "survey", "feedback",
          // Danish: statistik, besøg (visit), måling (measurement)
          "statistik", "besoeg", "besøg", "maaling", "måling"},
         {"stat", "ga", "gid", "utm", "rum", "perf", "ab", "visit", "visitor", "poll"}},
        {Category::marketing,
         "Its name points to advertising, ad measurement or cross-site tracking.",
         {"ad_id", "adid", "_ads", "ads_", "campaign", "affiliate", "partner", "cookiesync",
          "usersync", "user_sync", "cookie_sync", "cookiematch", "usermatch", "personaliz",
          "audience", "track", "leadinfo", "conversion", "impression", "click",
          // Danish: reklame (advert), annonce (advert), markedsføring (marketing)
          "reklame", "annonce", "markedsfoering", "markedsføring"},
         {"ad", "ads", "adv", "bid", "bids", "rtb", "dsp", "ssp", "sync", "aff", "ref",
          "referrer", "lead", "leads", "promo", "fb", "uid", "uuid", "guid"}},
        {Category::functional,
         "Its name says it remembers a setting or runs a feature the visitor uses (language, "
         "layout, chat, video, recently viewed items).",
         {"lang", "locale", "currency", "country", "region", "timezone", "theme", "darkmode",
          "dark_mode", "font", "textsize", "text_size", "pref", "setting", "recently",
          "viewed", "wishlist", "favorite", "favourite", "compare", "chat", "intercom",
          "zendesk", "zopim", "__zlc", "tidio", "freshchat", "userlike", "smartsupp", "jivo",
          "livechat", "drift", "crisp", "tawk", "olark", "video", "player", "vimeo", "wistia",
          "jwplayer", "brightcove", "volume", "dismiss", "closed", "popup", "modal", "banner",
          "notice", "notification", "seen", "shown", "hidden", "layout", "accessib",
          "location", "postcode", "zipcode", "store", "history", "search", "sort", "filter",
          "perpage", "per_page", "pagesize", "display", "mode", "view", "color", "colour",
          "zoom", "remember", "resolution", "screen", "geo", "city", "newsletter", "mobile",
          "redirect",
          // Danish: sprog (language), valuta (currency), skrift/tekststørrelse (font, text
          // size), kommune (municipality), postnummer (postcode), favorit, senest/sidst set
          // (recently seen), søg (search), visning (display), indstilling (setting), tema
          "sprog", "valuta", "skrift", "tekststoerrelse", "kommune", "postnummer", "favorit",
          "senest_set", "sidst_set", "søg", "visning", "indstilling"},
         {"tz", "ui", "mute", "skin", "menu", "tab", "tabs", "tema", "soeg"}},
    };
    return table;
}
// clang-format on

// The first fragment of `r` found in the name, or an empty view.
std::string_view matching_fragment(std::string_view lower, const Rule& r) {
    for (std::string_view f : r.fragments) {
        if (lower.find(f) != std::string_view::npos)
            return f;
    }
    return {};
}

std::string_view matching_token(const std::vector<std::string>& tokens, const Rule& r) {
    for (const auto& t : tokens) {
        if (auto it = std::find(r.tokens.begin(), r.tokens.end(), t); it != r.tokens.end())
            return *it;
    }
    return {};
}

std::optional<double> lifetime(const CookieFacts& c, double now) {
    if (c.session.value_or(false))
        return std::nullopt;
    if (!c.expiration_date)
        return std::nullopt;
    double left = *c.expiration_date - now;
    // An expiry in the past says nothing about the cookie's intended life (clock skew,
    // replayed data); treat it as unknown rather than as short.
    if (left <= 0)
        return std::nullopt;
    return left;
}

bool looks_like_id(const std::vector<std::string>& tokens, std::string_view lower) {
    static constexpr std::array<std::string_view, 9> ids{"id",  "uid",     "uuid",   "guid",  "vid",
                                                         "cid", "visitor", "client", "device"};
    for (const auto& t : tokens) {
        if (std::find(ids.begin(), ids.end(), t) != ids.end())
            return true;
    }
    return lower.ends_with("id");
}

constexpr double kDay = 86400;

std::string lower_case(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

// The first rule on the name that matches (or -1) and the fragment or word that matched it.
struct NameMatch {
    int rule = -1;
    std::string_view pattern;  // static storage (the rule table)
};

NameMatch name_rule(std::string_view name, bool third_party) {
    std::string lower = lower_case(name);
    auto tokens = name_tokens(name);
    const auto& table = rules();
    for (std::size_t i = 0; i < table.size(); ++i) {
        const Rule& r = table[i];
        if (r.first_party_only && third_party)
            continue;
        std::string_view hit = matching_fragment(lower, r);
        if (hit.empty())
            hit = matching_token(tokens, r);
        if (!hit.empty())
            return NameMatch{static_cast<int>(i), hit};
    }
    return NameMatch{};
}

// name_rule() remembered per party: matching a name against some three hundred fragments
// costs more than all the rest of a classification, and a browser sees the same cookie names
// again and again. Bounded, so that a long session cannot grow it without limit. One cache for
// the process, not a thread_local one (see registrable_domain_cached: mingw-w64 frees an
// ending thread's thread_local storage before destroying what is in it).
NameMatch name_rule_cached(const std::string& name, bool third_party) {
    constexpr std::size_t kMaxEntries = 4096;
    constexpr int kUnknown = -2;
    static std::mutex mutex;
    static std::unordered_map<std::string, std::array<NameMatch, 2>> cache;
    const std::size_t party = third_party ? 1 : 0;
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(name); it != cache.end() && it->second[party].rule != kUnknown)
            return it->second[party];
    }
    NameMatch matched = name_rule(name, third_party);
    std::lock_guard lock(mutex);
    auto it = cache.find(name);
    if (it == cache.end()) {
        if (cache.size() >= kMaxEntries)
            cache.clear();
        it = cache
                 .emplace(name, std::array<NameMatch, 2>{NameMatch{kUnknown, {}},
                                                         NameMatch{kUnknown, {}}})
                 .first;
    }
    it->second[party] = matched;
    return matched;
}

}  // namespace

std::vector<std::string> name_tokens(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty())
            out.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(name[i]);
        if (!std::isalnum(ch)) {
            flush();
            continue;
        }
        if (!cur.empty()) {
            unsigned char prev = static_cast<unsigned char>(name[i - 1]);
            bool lower_to_upper = std::islower(prev) && std::isupper(ch);
            bool digit_change = (std::isdigit(prev) != 0) != (std::isdigit(ch) != 0);
            // "HTMLParser": a capital followed by a lower-case letter starts a new piece.
            bool acronym_end = std::isupper(prev) && std::isupper(ch) && i + 1 < name.size() &&
                               std::islower(static_cast<unsigned char>(name[i + 1]));
            if (lower_to_upper || digit_change || acronym_end)
                flush();
        }
        cur.push_back(static_cast<char>(std::tolower(ch)));
    }
    flush();
    return out;
}

std::optional<HeuristicVerdict> classify_by_heuristics(const CookieFacts& cookie, bool third_party,
                                                       double now) {
    if (NameMatch matched = name_rule_cached(cookie.name, third_party); matched.rule >= 0) {
        const Rule& r = rules()[static_cast<std::size_t>(matched.rule)];
        return HeuristicVerdict{r.category, r.reason, matched.pattern, true};
    }

    auto life = lifetime(cookie, now);
    // Browsers always report `session`; when a caller (the CLI) gives neither it nor an
    // expiry, the lifetime is unknown and the rules on it do not apply.
    bool is_session = cookie.session.value_or(false);
    if (third_party) {
        return HeuristicVerdict{
            Category::marketing,
            "A cookie of another site with no stated purpose: such cookies mostly serve "
            "advertisers that follow visitors across sites.",
            "third party, no telling name"};
    }
    if (cookie.name.starts_with("__Host-") || cookie.name.starts_with("__Secure-")) {
        return HeuristicVerdict{Category::necessary,
                                "The site gave it the __Host- or __Secure- name prefix, which "
                                "browsers enforce for login and security cookies.",
                                cookie.name.starts_with("__Host-") ? "__Host-" : "__Secure-"};
    }
    if (cookie.http_only.value_or(false)) {
        return HeuristicVerdict{Category::necessary,
                                "Only the site's server can read it (HttpOnly), as with "
                                "session and security cookies.",
                                "HttpOnly, first party"};
    }
    if (is_session) {
        return HeuristicVerdict{Category::necessary,
                                "A cookie of the site itself that ends with the browser session, "
                                "as the site's own working cookies do.",
                                "session cookie, first party"};
    }
    if (cookie.same_site == "no_restriction" && life && *life > 30 * kDay) {
        return HeuristicVerdict{Category::marketing,
                                "A long-lived cookie made to be sent from other sites "
                                "(SameSite=None), as advertising identifiers are.",
                                "SameSite=None, over 30 days, first party"};
    }
    if (life && *life > 30 * kDay &&
        looks_like_id(name_tokens(cookie.name), lower_case(cookie.name))) {
        return HeuristicVerdict{Category::statistics,
                                "A long-lived visitor identifier set by the site itself, as "
                                "visitor statistics use.",
                                "identifier, over 30 days, first party"};
    }
    return std::nullopt;
}

}  // namespace cw
