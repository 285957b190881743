#!/usr/bin/env python3
"""Builds host/catalogue/catalogue.json from the Open Cookie Database CSV.

Usage: tools/catalogue/convert.py [CSV] [OUT]
  CSV defaults to ../shared/data/open-cookie-database/open-cookie-database.csv
  OUT defaults to host/catalogue/catalogue.json

Only facts are carried over (name or prefix, domain, category, platform, retention); the
database's descriptions are not. The category mapping and the review of short names are
explained in docs/classification.md; the tables below are that review, so a new short prefix
in a future CSV stops the conversion until someone has looked at it.
"""

import csv
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The reference data sits beside the checkout (../shared) or beside its worktrees folder.
DEFAULT_CSV = next((p for p in (base / "shared/data/open-cookie-database/open-cookie-database.csv"
                                for base in (REPO.parent, REPO.parent.parent)) if p.exists()),
                   REPO.parent / "shared/data/open-cookie-database/open-cookie-database.csv")
DEFAULT_OUT = REPO / "host/catalogue/catalogue.json"
# Well-known cookies the database lacks, written by the project (same columns as the output).
SUPPLEMENT = Path(__file__).resolve().parent / "supplement.csv"
# Domains whose every cookie serves one purpose (consent platforms, payment, analytics, chat),
# written by the project from the vendors' own product descriptions.
DOMAINS = Path(__file__).resolve().parent / "domains.csv"
CATEGORIES = ("necessary", "functional", "preferences", "statistics", "marketing")

# The database's own categories that map one to one.
DIRECT = {
    "Analytics": "statistics",
    "Marketing": "marketing",
    "Necessary": "necessary",
    "Security": "necessary",
    "Personalization": "preferences",
}

# "Functional" mixes what consent platforms call necessary, functional, statistics and
# marketing. Decided per platform: what the platform is there for.
FUNCTIONAL_BY_PLATFORM = {
    "necessary": [
        # consent management: storing the user's choice is required to honour it
        "Cookiebot", "OneTrust", "Complianz", "Cookie Law Info", "CookieYes",
        "Consentmanager.net", "Osano", "Termly", "Axeptio", "CookieConsent.io", "PrivacyPillar",
        "Enzuzo", "Didomi", "Iubenda", "Borlabs", "Cookie First", "Cookie Script",
        "Hu-manity.co", "Digital Factory", "Moove", "Maxlead", "Jimdo", "Lightspeed", "Civic",
        "Squeezely", "Blueconic.com", "Kentico", "ZOHO",
        # security, bot and fraud protection, load balancing
        "Cloudflare", "CloudFlare", "Akamai", "Akamai Botmanager", "Imperva", "Datadome",
        "Amazon Web Services", "Citrix", "f5 BIG-IP", "HAproxy", "NGINX Ingresss", "Alteon",
        "Lightbox CDN", "CleanTalk", "Google reCAPTCHA", "Stripe", "PayPal", "Adyen",
        # sign-in and sessions of web frameworks, shops and CMSs
        "Azure / Microsoft", "Microsoft", "Bing / Microsoft", "Keycloak", "Auth0",
        "NextAuth.js", "Devise (Ruby on Rails)", "PHP.net", "J2EE", "ASP.net", "Laravel",
        "Django", "Rack", "Perl", "CodeIgniter", "CakePHP", "CraftCMS", "Adobe ColdFusion",
        "Oracle", "Plesk", "phpMyAdmin", "TYPO3", "Drupal CMS", "Joomla!", "WordPress",
        "Wordpress", "Processwire", "Next", "Next.js", "Vercel", "Xenforo", "vBulletin",
        "nopCommerce", "Magento", "Shopify", "WooCommerce", "Intershop", "Wix.com", "AFAS",
        "Supabase", "Clerk", "GitHub", "Salesforce", "SAP", "Command Act",
    ],
    "statistics": [
        # session replay, heat maps, A/B testing and audience measurement
        "Hotjar", "Crazy Egg", "Lucky Orange", "Visual Website Optimizer", "Convert Insights",
        "SiteSpect", "Parse.ly", "Dynatrace", "Microsoft Azure App Insights", "Yandex.Metrica",
        "Google Optimize", "Loggly", "Kiyoh", "FeedbackCompany",
    ],
    "marketing": [
        # advertising, ad sync, social networks and recommendation widgets
        "LinkedIn", "PubMatic", "Taboola", "Google AdSense", "DoubleClick/Google Marketing",
        "Dynamic Yield", "Smartadserver", "Adobe Audience Manager", "Pinterest", "Facebook",
        "Instagram", "Snapchat", "Xandr", "Tailtarget", "CreativeCDN", "betweendigital.com",
        "Fastclick", "Permutive", "Prebid", "ID5", "Tripadvisor", "Youtube", "Twitch",
        "ShareThis", "Channel.me", "CHEQ AI Technologies", "Piano", "Ezoic", "Adcalls",
        "Google Ads", "Sleeknote", "Spotify", "Viafoura",
    ],
}

# Names inside a "Functional" row that decide over the platform: a stored consent choice is
# necessary; a remembered language, currency or layout is a preference (functional).
CONSENT_NAME = re.compile(r"consent|optout|opt_out|opt-out|gdpr|usprivacy|\bgpp\b|cookielaw|"
                          r"cookie_?notice|cookie.?policy|privacy", re.I)
PREFERENCE_NAME = re.compile(r"lang|locale|culture|pref|settings|currency|color_mode|theme|"
                             r"^tz$|font|layout|viewed_cookie|recently_viewed|wishlist", re.I)

# Single names where the consent platforms agree on something else than the database's
# category (the name, exact or prefix, as written in the database).
NAME_OVERRIDES = {
    "intercom-id-": "functional",        # a support chat widget, not analytics
    "intercom-session-": "functional",
    "li_gc": "necessary",                # LinkedIn's record of the consent choice
    "receive-cookie-deprecation": "marketing",  # Chrome's ad-measurement test group
    "SOCS": "necessary",                 # Google's record of the consent choice
    # Adobe's visitor id and Experience Cloud id: the database files them under Audience
    # Manager or as marketing, but they are what Adobe Analytics counts visitors with (the
    # seed policies name them as web analytics).
    "AMCV_": "statistics",
    "AMCVS_": "statistics",
    "s_ecid": "statistics",
}

# Short prefixes (four characters or fewer, without the wildcard) catch unrelated cookies.
# Every one in the database is reviewed here:
#   keep   distinctive enough to use everywhere
#   domain only when the cookie belongs to the row's domain
#   drop   left out: too generic to be evidence of anything
SHORT_REVIEW = {
    # prefixes
    "_ga_": "keep", "_gat": "keep", "s_vi": "keep", "TS01": "keep", "glt_": "keep",
    "mp_": "keep", "NSC_": "keep", "fbm_": "keep", "AMP_": "keep", "dtPC": "keep",
    "sb-": "keep",
    "SR": "domain", "CT": "domain", "EBFC": "domain", "CFFC": "domain", "put_": "domain",
    "cap": "domain", "tv_U": "domain", "tp": "domain", "_ut": "domain", "_s": "domain",
    "_lv": "domain", "NPA": "domain", "SCM": "domain",
    "MSO": "drop", "cc-": "drop", "ct_": "drop", "gac_": "drop", "ua_": "drop", "_sid": "drop",
    "RP_": "drop", "CX_": "drop", "P_": "drop", "RE_": "drop", "lc_": "drop",
}
# Exact names of three characters or fewer are only trusted on the row's own domain; without
# a domain they are dropped unless listed here as distinctive.
SHORT_EXACT_KEEP = {"_ga", "IDE", "NID", "YSC", "SID", "_ym", "_pk"}
SHORT_EXACT_LEN = 3
SHORT_PREFIX_LEN = 4
# Generic words that are exact names in the database but mean nothing on their own.
GENERIC_WORDS = {"token", "session", "sess", "test", "uid", "uids", "user", "id", "lang",
                 "locale", "visitor", "data", "consent", "auth", "pid", "chk", "gdpr", "gpp",
                 "Player", "frontend", "wires", "Secret", "Cart"}


# Words that name what a cookie does on any site, not who made it; the same list as
# host/src/catalogue.cpp kGenericWords (tests/unit/catalogue_scope_test.cpp checks they agree).
GENERIC_VOCABULARY = {
    "session", "sess", "sessid", "sid", "id", "ids", "uid", "uuid", "guid", "key", "csrf",
    "xsrf", "token", "auth", "login", "logged", "in", "user", "usr", "lang", "language",
    "locale", "country", "currency", "region", "cart", "basket", "test", "cookie", "check",
    "enabled", "consent", "accepted", "data", "state", "remember", "me", "visitor", "visit",
    "client", "device", "secure", "connect", "app", "web", "site", "time", "timestamp", "last",
    "first", "is", "has", "new", "pref", "prefs", "settings", "theme", "mode", "tz",
    "timezone", "hash", "sig", "name", "frontend", "player", "s"}


def is_generic_name(name):
    """True when every run of letters splits into generic words: `sessionid`, `connect.sid`.
    A vendor's entry with such a name must not decide the same name on other sites."""
    pieces = re.findall(r"[a-z]+", name.lower())
    if not pieces:
        return False
    for piece in pieces:
        reach = [True] + [False] * len(piece)
        for end in range(1, len(piece) + 1):
            reach[end] = any(reach[start] and piece[start:end] in GENERIC_VOCABULARY
                             for start in range(end))
        if not reach[-1]:
            return False
    return True


def clean_domain(raw):
    """The first plausible host in the Domain column, or ''."""
    text = raw.replace("(3rd party)", " ").replace(",", " ")
    for part in re.split(r"\s+|\bor\b", text):
        part = part.strip().strip(".").lower()
        part = re.sub(r"^[^.]*\[[^\]]*\][^.]*\.", "", part)  # "ads-[account].adhese.com"
        if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", part):
            return part
    return ""


def clean_retention(raw):
    text = " ".join(raw.split())
    low = text.lower()
    if low in ("session", "sessions", "end of session (browser)", "end of session"):
        return "session"
    return text


def category_for(row, name):
    if name in NAME_OVERRIDES:
        return NAME_OVERRIDES[name]
    source = row["Category"].strip()
    if source in DIRECT:
        return DIRECT[source]
    if source != "Functional":
        raise SystemExit(f"unknown category {source!r} for {name!r}: extend the mapping")
    if CONSENT_NAME.search(name):
        return "necessary"
    if PREFERENCE_NAME.search(name):
        return "functional"
    for category, platforms in FUNCTIONAL_BY_PLATFORM.items():
        if row["Platform"].strip() in platforms:
            return category
    return "functional"


def convert(csv_path):
    entries = []
    dropped = []
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = row["Cookie / Data Key name"].strip()
            prefix = row["Wildcard match"].strip() == "1"
            if name.endswith("*"):  # four rows write the wildcard into the name
                prefix = True
                name = name.rstrip("*")
            if not name or re.search(r"[\s;,=\[\]]", name):
                dropped.append((name, "not a cookie name"))
                continue
            domain = clean_domain(row["Domain"])
            domain_required = False
            if len(name) <= (SHORT_PREFIX_LEN if prefix else SHORT_EXACT_LEN):
                if prefix:
                    verdict = SHORT_REVIEW.get(name)
                    if verdict is None:
                        raise SystemExit(f"short prefix {name!r} ({row['Platform']}) is not "
                                         "reviewed: add it to SHORT_REVIEW")
                elif name in SHORT_EXACT_KEEP:
                    verdict = "keep"
                else:
                    verdict = "domain" if domain else "drop"
                if verdict == "drop" or (verdict == "domain" and not domain):
                    dropped.append((name, "short and generic"))
                    continue
                domain_required = verdict == "domain"
            if name in GENERIC_WORDS:
                if not domain:
                    dropped.append((name, "generic word"))
                    continue
                domain_required = True
            if domain and is_generic_name(name):
                domain_required = True
            entries.append([
                name,
                "prefix" if prefix else "exact",
                domain,
                1 if domain_required else 0,
                category_for(row, name),
                row["Platform"].strip(),
                clean_retention(row["Retention period"]),
            ])
    with open(SUPPLEMENT, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["category"] not in CATEGORIES:
                raise SystemExit(f"supplement: bad category for {row['name']!r}")
            required = int(row["domainRequired"]) or int(bool(row["domain"]) and
                                                          is_generic_name(row["name"]))
            entries.append([row["name"], row["match"], row["domain"],
                            required, row["category"], row["platform"],
                            row["retention"]])
    # Stable order (by name, then the database's order) keeps diffs small.
    entries.sort(key=lambda e: (e[0], e[1]))
    return entries, dropped


def read_domains():
    domains = []
    with open(DOMAINS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["category"] not in CATEGORIES:
                raise SystemExit(f"domains: bad category for {row['domain']!r}")
            domains.append([row["domain"], row["category"], row["platform"]])
    return sorted(domains)


def write(entries, out_path):
    head = {
        "source": "Open Cookie Database (github.com/jkwakman/Open-Cookie-Database), "
                  "Apache License 2.0; see NOTICE. Facts only; categories mapped by "
                  "tools/catalogue/convert.py (docs/classification.md).",
        "columns": ["name", "match", "domain", "domainRequired", "category", "platform",
                    "retention"],
    }
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries]
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    domains = [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in read_domains()]
    text += ',"domains":[\n' + ",\n".join(domains) + "\n]"
    text += ',"entries":[\n' + ",\n".join(lines) + "\n]}\n"
    Path(out_path).write_text(text, encoding="utf-8")


def main(argv):
    csv_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    entries, dropped = convert(csv_path)
    write(entries, out_path)
    print(f"{len(entries)} entries written to {out_path}; {len(dropped)} rows left out",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
