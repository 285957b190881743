#include "policy/site_policy.hpp"

#include <algorithm>
#include <unordered_set>

#include "classify/domain.hpp"
#include "policy/decision.hpp"

namespace cw {
namespace {

bool removes(const Settings& settings, const SiteRule* rule, const std::string& site,
             Category category) {
    Classification c;
    c.category = category;
    c.source = Source::catalogue;
    return decide(settings, rule, site, c, site, false).action == Action::remove;
}

// Exact names before prefixes, longer prefixes before shorter ones: the order in which both a
// manifest (Manifest::find_cookie) and the catalogue (Catalogue::find) look for a match.
void sort_layer(std::vector<NameRule>& layer) {
    std::stable_sort(layer.begin(), layer.end(), [](const NameRule& a, const NameRule& b) {
        if (a.prefix != b.prefix)
            return !a.prefix;
        return a.prefix && a.name.size() > b.name.size();
    });
}

// Drops host-decides rules that shadow no later remove rule: they change no answer, and the
// catalogue's hundreds of allowed names would only make the reply longer.
std::vector<NameRule> pruned(const std::vector<NameRule>& rules) {
    std::unordered_set<std::string> exact_after;
    std::vector<std::string> prefixes_after;
    std::vector<NameRule> kept;
    for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
        const NameRule& r = *it;
        if (r.remove) {
            (r.prefix ? prefixes_after.push_back(r.name) : void(exact_after.insert(r.name)));
            kept.push_back(r);
            continue;
        }
        bool shadows = false;
        if (!r.prefix) {
            shadows = exact_after.contains(r.name) ||
                      std::any_of(prefixes_after.begin(), prefixes_after.end(),
                                  [&](const std::string& p) { return r.name.starts_with(p); });
        } else {
            shadows = std::any_of(prefixes_after.begin(), prefixes_after.end(),
                                  [&](const std::string& p) {
                                      return p.starts_with(r.name) || r.name.starts_with(p);
                                  }) ||
                      std::any_of(exact_after.begin(), exact_after.end(),
                                  [&](const std::string& n) { return n.starts_with(r.name); });
        }
        if (shadows)
            kept.push_back(r);
    }
    std::reverse(kept.begin(), kept.end());
    return kept;
}

// Can a cookie of this manifest host-within domain land on a first-party cookie of `site`?
enum class Reach { all, some, none };
Reach reach(const std::string& domain, const std::string& site) {
    if (domain.empty() || host_within(site, domain))
        return Reach::all;
    return host_within(domain, site) ? Reach::some : Reach::none;
}

// The site manifest's declared cookies, in its own precedence. An entry limited to part of
// the site depends on the cookie's host, which the extension matches without the PSL: leave
// it to the host. Returns false when a declared third party lies inside the site (its
// verdict depends on the cookie's host too): then nothing after it may be decided locally.
bool manifest_layer(const Manifest& m, const std::string& site, const Settings& settings,
                    const SiteRule* rule, std::vector<NameRule>& out) {
    std::vector<NameRule> layer;
    for (const auto& c : m.cookies) {
        Reach r = reach(c.domain, site);
        if (r == Reach::none)
            continue;
        layer.push_back(
            {c.name, c.prefix, r == Reach::all && removes(settings, rule, site, c.category)});
    }
    // Entries for part of the site rank above the general ones of the same name.
    std::stable_sort(layer.begin(), layer.end(),
                     [](const NameRule& a, const NameRule& b) { return a.remove < b.remove; });
    sort_layer(layer);
    out.insert(out.end(), layer.begin(), layer.end());
    return std::none_of(
        m.third_parties.begin(), m.third_parties.end(),
        [&](const ManifestThirdParty& t) { return reach(t.domain, site) != Reach::none; });
}

}  // namespace

SitePolicy site_policy(const Classifier& classifier, const Settings& settings, const SiteRule* rule,
                       std::string_view top_host) {
    SitePolicy p;
    p.host = normalize_host(top_host);
    p.site = rule_key(top_host);
    p.mode = rule ? rule->mode : Mode::normal;
    for (Category c : kAllCategories) {
        if (removes(settings, rule, p.site, c))
            p.denied.push_back(c);
    }
    // block-all and allow-all need no names; nor does a site where nothing is denied.
    if (p.mode != Mode::normal || p.denied.empty())
        return p;

    std::vector<NameRule> rules;
    bool open = true;  // false once a rule matching every name leaves the rest to the host
    const Manifest* own = classifier.manifest_for_host(p.host, p.site);
    if (own) {
        p.manifest = own->id;
        open = manifest_layer(*own, p.site, settings, rule, rules);
    }
    // A manifest for another part of the same site decides for cookies of its hosts.
    for (const auto& m : classifier.manifests()) {
        if (!open || &m == own)
            continue;
        bool same_site = std::any_of(m.hosts.begin(), m.hosts.end(), [&](const std::string& h) {
            return registrable_domain(h) == p.site;
        });
        if (!same_site)
            continue;
        for (const auto& c : m.cookies)
            rules.push_back({c.name, c.prefix, false});
        if (!m.third_parties.empty())
            open = false;
    }
    if (!open) {
        rules.push_back({"", true, false});
    } else {
        std::vector<NameRule> catalogue;
        for (const CatalogueEntry* e : classifier.catalogue().chosen(p.site)) {
            catalogue.push_back({e->name, e->prefix, removes(settings, rule, p.site, e->category)});
        }
        std::sort(catalogue.begin(), catalogue.end(),
                  [](const NameRule& a, const NameRule& b) { return a.name < b.name; });
        sort_layer(catalogue);
        rules.insert(rules.end(), catalogue.begin(), catalogue.end());
    }
    p.rules = pruned(rules);

    // Cutting the tail is safe: a name no rule matches is asked about.
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
        bytes += p.rules[i].name.size() + 48;  // the name, its quotes, escapes and the fields
        if (bytes > kMaxPolicyNameBytes) {
            p.rules.resize(i);
            p.truncated = true;
            break;
        }
    }
    return p;
}

json to_json(const SitePolicy& p) {
    json denied = json::array();
    for (Category c : p.denied)
        denied.push_back(to_string(c));
    json rules = json::array();
    for (const auto& r : p.rules) {
        rules.push_back(
            {{"name", r.name}, {"match", r.prefix ? "prefix" : "exact"}, {"remove", r.remove}});
    }
    json out{{"host", p.host},   {"site", p.site}, {"mode", to_string(p.mode)},
             {"denied", denied}, {"rules", rules}, {"truncated", p.truncated}};
    if (!p.manifest.empty())
        out["manifest"] = p.manifest;
    return out;
}

}  // namespace cw
