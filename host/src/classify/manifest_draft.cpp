#include "classify/manifest_draft.hpp"

#include <set>

#include "classify/domain.hpp"

namespace cw {
namespace {

struct Words {
    const char* en;
    const char* da;
};

Words category_words(Category c) {
    switch (c) {
        case Category::necessary:
            return {"necessary", "nødvendig"};
        case Category::functional:
            return {"functional", "funktionel"};
        case Category::preferences:
            return {"preferences", "præferencer"};
        case Category::statistics:
            return {"statistics", "statistik"};
        case Category::marketing:
            return {"marketing", "markedsføring"};
        case Category::unclassified:
            break;
    }
    return {"unclassified", "uklassificeret"};
}

std::string platform_name(const std::string& platform) {
    if (platform == "cookiebot")
        return "Cookiebot";
    if (platform == "onetrust")
        return "OneTrust";
    if (platform == "cookieinformation")
        return "Cookie Information";
    return platform;
}

json group_entry(Category c) {
    Words w = category_words(c);
    return {{"id", std::string(to_string(c))},
            {"siteName", std::string(w.en)},
            {"category", std::string(to_string(c))},
            {"purpose",
             {{"en", std::string("Cookies the site uses for ") + w.en + " purposes (drafted)."},
              {"da", std::string("Cookies, som sitet bruger til ") + w.da + " formål (udkast)."}}}};
}

// A name the manifest schema accepts (no spaces, separators or control characters).
bool usable_name(const std::string& name) {
    if (name.empty() || name.size() > 256)
        return false;
    for (unsigned char ch : name) {
        if (ch <= 0x20 || ch == 0x7f || ch == ';' || ch == ',' || ch == '=')
            return false;
    }
    return true;
}

// A host the manifest schema accepts (it allows no underscore, which a platform may list).
bool usable_host(const std::string& host) {
    if (host.empty() || host.size() > 253 || host.front() == '-' || host.back() == '-')
        return false;
    for (unsigned char ch : host) {
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'))
            return false;
    }
    return host.find("..") == std::string::npos;
}

// A declared cookie drafted as what the classifier knows it as, saying what the site declared.
json overruled_entry(const DeclaredCookie& d, const Classification& known,
                     const std::string& platform) {
    Words said = category_words(d.category);
    Words is = category_words(known.category);
    std::string by = platform_name(platform);
    json entry = {
        {"name", d.name},
        {"category", std::string(to_string(known.category))},
        {"group", std::string(to_string(known.category))},
        {"purpose",
         {{"en", std::string("Declared ") + said.en + " by the site's consent platform (" + by +
                     "), but known as " + is.en +
                     (known.purpose.empty() ? std::string(".") : ": " + known.purpose)},
          {"da", std::string("Erklæret som ") + said.da + " af sitets samtykkeplatform (" + by +
                     "), men kendt som " + is.da + "."}}},
        {"retention", "not stated"},
        {"party", known.third_party ? "third" : "first"},
        {"basis", "observed"},
        {"source", std::string(to_string(known.source))}};
    if (!known.vendor.empty())
        entry["vendor"] = known.vendor;
    if (known.third_party && usable_host(d.domain))
        entry["domain"] = d.domain;
    return entry;
}

}  // namespace

json draft_manifest(const std::string& site, const Declaration* declaration,
                    const std::vector<ObservedCookie>& observed, const std::string& today,
                    const Overruled& overruled) {
    json cookies = json::array();
    std::set<Category> used;
    std::set<std::string> listed;  // names already in the draft
    std::string platform = declaration ? declaration->platform : std::string();

    if (declaration) {
        for (const auto& d : declaration->cookies) {
            if (d.category == Category::unclassified || !usable_name(d.name))
                continue;
            if (auto over = overruled.find(d.name); over != overruled.end()) {
                cookies.push_back(overruled_entry(d, over->second, platform));
                used.insert(over->second.category);
                listed.insert(d.name);
                continue;
            }
            Words w = category_words(d.category);
            std::string said = "Declared as " + d.group + " by the site's consent platform (" +
                               platform_name(platform) + ").";
            json entry = {
                {"name", d.name},
                {"category", std::string(to_string(d.category))},
                {"group", std::string(to_string(d.category))},
                {"purpose",
                 {{"en", d.purpose.empty() ? said : d.purpose},
                  {"da", std::string("Erklæret som ") + w.da + " af sitets samtykkeplatform (" +
                             platform_name(platform) + ")."}}},
                {"retention", "not stated"},
                {"party", !d.registrable.empty() && d.registrable != site ? "third" : "first"},
                {"basis", "declared"},
                {"platform", platform}};
            if (d.prefix)
                entry["match"] = "prefix";
            if (!d.domain.empty() && d.registrable != site && usable_host(d.domain))
                entry["domain"] = d.domain;
            cookies.push_back(std::move(entry));
            used.insert(d.category);
            listed.insert(d.name);
        }
    }
    for (const auto& o : observed) {
        if (o.category == Category::unclassified || !usable_name(o.name) ||
            listed.count(o.name) > 0)
            continue;
        if (declaration) {
            const DeclaredCookie* d = declaration->find(o.name, registrable_domain(o.domain));
            if (d && d->category != Category::unclassified)
                continue;  // listed above under its declared name (a prefix, say)
        }
        Words w = category_words(o.category);
        std::string how(to_string(o.source));
        json entry = {
            {"name", o.name},
            {"category", std::string(to_string(o.category))},
            {"group", std::string(to_string(o.category))},
            {"purpose",
             {{"en", "Seen on the site; classified as " + std::string(w.en) + " (" + how + ")."},
              {"da", "Set på sitet; klassificeret som " + std::string(w.da) + " (" + how + ")."}}},
            {"retention", "not stated"},
            {"party", o.third_party ? "third" : "first"},
            {"basis", "observed"},
            {"source", how}};
        if (!o.vendor.empty())
            entry["vendor"] = o.vendor;
        if (o.third_party) {
            std::string host = normalize_host(o.domain);
            if (usable_host(host))
                entry["domain"] = host;
        }
        cookies.push_back(std::move(entry));
        used.insert(o.category);
        listed.insert(o.name);
    }
    json groups = json::array();
    for (Category c : used)
        groups.push_back(group_entry(c));
    if (groups.empty())
        groups.push_back(group_entry(Category::necessary));
    json out = {{"id", site},
                {"site", site},
                {"hosts", json::array({site})},
                {"publisher", site},
                {"language", "und"},
                {"reviewed", today},
                {"draft", true},
                {"groups", std::move(groups)},
                {"cookies", std::move(cookies)}};
    if (declaration && !declaration->policy_url.empty())
        out["policyUrl"] = declaration->policy_url;
    return out;
}

}  // namespace cw
