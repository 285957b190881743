#include "classify/manifest.hpp"

#include <algorithm>

#include "classify/domain.hpp"

namespace cw {

bool host_within(std::string_view host, std::string_view domain) {
    if (domain.empty() || host.size() < domain.size())
        return false;
    if (host.size() == domain.size())
        return host == domain;
    return host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.';
}

bool Manifest::covers(std::string_view host) const {
    return std::any_of(hosts.begin(), hosts.end(),
                       [&](const std::string& h) { return host_within(host, h); });
}

const ManifestCookie* Manifest::find_cookie(std::string_view name,
                                            std::string_view cookie_host) const {
    // Rank: exact before prefix, a longer prefix before a shorter one, a matching domain
    // before no domain. An entry with a domain that does not match never applies.
    const ManifestCookie* best = nullptr;
    auto rank = [](const ManifestCookie& c) {
        return (c.prefix ? 0 : 100000) + static_cast<int>(c.name.size()) * 2 +
               (c.domain.empty() ? 0 : 1);
    };
    for (const auto& c : cookies) {
        bool name_ok = c.prefix ? name.starts_with(c.name) : name == c.name;
        if (!name_ok)
            continue;
        if (!c.domain.empty() && !host_within(cookie_host, c.domain))
            continue;
        if (!best || rank(c) > rank(*best))
            best = &c;
    }
    return best;
}

const ManifestThirdParty* Manifest::find_third_party(std::string_view cookie_host) const {
    for (const auto& t : third_parties) {
        if (host_within(cookie_host, t.domain))
            return &t;
    }
    return nullptr;
}

namespace {

Category category_at(const json& value, const std::string& path) {
    auto c = parse_category(value.get<std::string>());
    if (!c)
        throw ManifestError(path, "unknown category");
    return *c;
}

std::string text_or_empty(const json& obj, const char* field) {
    auto it = obj.find(field);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Manifest manifest_from_json(const json& doc, std::string origin, std::string file) {
    Manifest m;
    m.origin = std::move(origin);
    m.file = std::move(file);
    m.id = doc.at("id").get<std::string>();
    m.site = doc.at("site").get<std::string>();
    if (m.site.find('\0') != std::string::npos)
        throw ManifestError("/site", "a site name must not contain a NUL character");
    if (is_public_suffix(normalize_host(m.site))) {
        throw ManifestError("/site", "'" + normalize_host(m.site) +
                                         "' is a public suffix, shared by many sites: a manifest "
                                         "speaks for one site under it");
    }
    if (registrable_domain(m.site) != m.site) {
        throw ManifestError("/site", "'" + m.site + "' is not a registrable domain (that is '" +
                                         registrable_domain(m.site) + "')");
    }
    const auto& hosts = doc.at("hosts");
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        std::string h = normalize_host(hosts[i].get<std::string>());
        // A policy speaks for its own site only: a manifest must not classify another site's
        // cookies by listing that site's hosts.
        if (!host_within(h, m.site)) {
            throw ManifestError("/hosts/" + std::to_string(i),
                                "'" + h + "' is not " + m.site + " or one of its subdomains");
        }
        m.hosts.push_back(std::move(h));
    }
    m.publisher = doc.at("publisher").get<std::string>();
    m.policy_url = doc.value("policyUrl", std::string());
    m.language = doc.at("language").get<std::string>();
    m.reviewed = doc.at("reviewed").get<std::string>();

    std::vector<std::string> groups;
    for (const auto& g : doc.at("groups"))
        groups.push_back(g.at("id").get<std::string>());
    auto check_group = [&](const json& entry, const std::string& path) {
        auto g = text_or_empty(entry, "group");
        if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) {
            throw ManifestError(path + "/group", "no group '" + g + "' in /groups");
        }
        return g;
    };

    const auto& cookies = doc.at("cookies");
    for (std::size_t i = 0; i < cookies.size(); ++i) {
        const auto& c = cookies[i];
        std::string path = "/cookies/" + std::to_string(i);
        ManifestCookie mc;
        mc.name = c.at("name").get<std::string>();
        mc.prefix = text_or_empty(c, "match") == "prefix";
        mc.domain = normalize_host(text_or_empty(c, "domain"));
        mc.category = category_at(c.at("category"), path + "/category");
        mc.vendor = text_or_empty(c, "vendor");
        mc.group = check_group(c, path);
        mc.purpose_en = c.at("purpose").at("en").get<std::string>();
        mc.purpose_da = c.at("purpose").at("da").get<std::string>();
        mc.retention = c.at("retention").get<std::string>();
        mc.third_party = c.at("party").get<std::string>() == "third";
        mc.inferred = c.at("basis").get<std::string>() == "inferred";
        m.cookies.push_back(std::move(mc));
    }
    if (auto it = doc.find("thirdParties"); it != doc.end()) {
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& t = (*it)[i];
            std::string path = "/thirdParties/" + std::to_string(i);
            ManifestThirdParty mt;
            mt.domain = normalize_host(t.at("domain").get<std::string>());
            mt.role = t.at("role").get<std::string>();
            mt.vendor = t.at("vendor").get<std::string>();
            mt.category = category_at(t.at("category"), path + "/category");
            check_group(t, path);
            mt.purpose_en = t.at("purpose").at("en").get<std::string>();
            mt.purpose_da = t.at("purpose").at("da").get<std::string>();
            mt.inferred = t.at("basis").get<std::string>() == "inferred";
            m.third_parties.push_back(std::move(mt));
        }
    }
    return m;
}

}  // namespace cw
