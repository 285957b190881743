#include "classify/classifier.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>

#include "classify/domain.hpp"
#include "classify/heuristics.hpp"

namespace cw {

Classifier Classifier::load(const std::vector<std::filesystem::path>& manifest_dirs) {
    ManifestSet set = load_manifests(manifest_dirs);
    for (const auto& p : set.problems)
        spdlog::error("manifest skipped: {}", to_string(p));
    for (const auto& f : set.shadowed) {
        spdlog::info("manifest {} not used: an earlier folder has one for the same site", f);
    }
    return Classifier(std::move(set), Catalogue::shipped());
}

Classifier::Classifier(ManifestSet manifests, Catalogue catalogue)
    : manifests_(std::move(manifests)),
      catalogue_(std::move(catalogue)),
      ad_networks_(ad_network_domains(catalogue_)) {
    for (std::size_t i = 0; i < manifests_.manifests.size(); ++i) {
        for (const auto& h : manifests_.manifests[i].hosts) {
            auto& list = by_registrable_[registrable_domain(h)];
            if (list.empty() || list.back() != i)
                list.push_back(i);
        }
    }
}

const Manifest* Classifier::manifest_for_host(std::string_view host,
                                              std::string_view registrable) const {
    auto it = by_registrable_.find(std::string(registrable));
    if (it == by_registrable_.end())
        return nullptr;
    for (auto i : it->second) {
        if (manifests_.manifests[i].covers(host))
            return &manifests_.manifests[i];
    }
    return nullptr;
}

Classification Classifier::classify(std::string_view site, const CookieFacts& cookie) const {
    double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return classify(site, cookie, now);
}

namespace {

// A manifest's cookie entry or third-party entry: both carry category, vendor and purpose.
template <typename Entry>
Classification from_manifest(const Manifest& m, const Entry& e) {
    Classification out;
    out.category = e.category;
    out.source = Source::manifest;
    out.vendor = e.vendor;
    out.purpose = e.purpose_en;
    out.purpose_da = e.purpose_da;
    out.manifest_id = m.id;
    return out;
}

}  // namespace

void Classifier::classify_declared(const std::string& top_reg, const std::string& cookie_reg,
                                   const CookieFacts& cookie, bool third_party,
                                   Classification& out) const {
    auto learned = learned_->snapshot();
    auto it = learned->find(top_reg);
    if (it == learned->end())
        return;
    const Declaration& declaration = *it->second;
    const DeclaredCookie* d = declaration.find(cookie.name, cookie_reg);
    if (!d || d->category == Category::unclassified)
        return;
    out.platform = declaration.platform;
    if (d->category == Category::necessary) {
        const CatalogueEntry* known = catalogue_.find(cookie.name, cookie_reg);
        if (known && !known->prefix &&
            (known->category == Category::statistics || known->category == Category::marketing)) {
            out.category = known->category;
            out.source = Source::catalogue;
            out.vendor = known->platform;
            out.purpose = known->purpose;
            out.declared = Category::necessary;
            return;
        }
        if (third_party && ad_networks_.count(cookie_reg) > 0) {
            out.category = Category::marketing;
            out.source = Source::catalogue;
            out.purpose = "A cookie of " + cookie_reg +
                          ", which the cookie catalogue lists only as an advertising domain.";
            out.declared = Category::necessary;
            return;
        }
    }
    out.category = d->category;
    out.source = Source::declared;
    out.purpose = d->purpose.empty()
                      ? "Declared " + std::string(to_string(d->category)) +
                            " by the site's consent platform (" + declaration.platform + ")."
                      : d->purpose;
}

void Classifier::decide_unlisted(const CookieFacts& cookie, const std::string& cookie_reg,
                                 bool third_party, double now, Classification& out) const {
    auto v = classify_by_heuristics(cookie, third_party, now);
    // A cookie of a domain the catalogue knows as a whole (a consent platform, an analytics
    // service) serves that domain's purpose; only a name that says necessary beats it.
    const CatalogueDomain* d = third_party ? catalogue_.find_domain(cookie_reg) : nullptr;
    if (d && !(v && v->by_name && v->category == Category::necessary)) {
        out.category = d->category;
        out.source = Source::catalogue;
        out.vendor = d->platform;
        out.purpose = "A cookie of " + cookie_reg + ", whose cookies the catalogue lists as " +
                      std::string(to_string(d->category)) + (d->platform.empty() ? "" : " (") +
                      d->platform + (d->platform.empty() ? "." : ").");
        out.detail = "domain " + cookie_reg;
    } else if (v) {
        out.category = v->category;
        out.source = Source::heuristic;
        out.purpose = std::string(v->reason);
        out.detail = (v->by_name ? "name: " : "attributes: ") + std::string(v->pattern);
    }
}

Classification Classifier::classify(std::string_view site, const CookieFacts& cookie,
                                    double now) const {
    std::string top = normalize_host(cookie.partition_top_level_site
                                         ? std::string_view(*cookie.partition_top_level_site)
                                         : site);
    std::string top_reg = registrable_domain_cached(top);
    std::string cookie_host = normalize_host(cookie.domain);
    // Most first-party cookies are set on the top-level host or a parent of it inside the same
    // registrable domain; such a host has the same registrable domain (whether a name is a
    // public suffix depends on that name alone), so the list need not be asked again.
    std::string cookie_reg = host_within(top, cookie_host) && host_within(cookie_host, top_reg)
                                 ? top_reg
                                 : registrable_domain_cached(cookie_host);
    bool third_party = cookie_reg != top_reg;

    Classification out;
    const Manifest* site_manifest = manifest_for_host(top, top_reg);
    if (site_manifest) {
        if (auto* c = site_manifest->find_cookie(cookie.name, cookie_host)) {
            out = from_manifest(*site_manifest, *c);
        } else if (auto* t = site_manifest->find_third_party(cookie_host)) {
            out = from_manifest(*site_manifest, *t);
        }
    }
    if (out.source == Source::none) {
        const Manifest* own = manifest_for_host(cookie_host, cookie_reg);
        if (own && own != site_manifest) {
            if (auto* c = own->find_cookie(cookie.name, cookie_host))
                out = from_manifest(*own, *c);
        }
    }
    if (out.source == Source::none && learned_)
        classify_declared(top_reg, cookie_reg, cookie, third_party, out);
    if (out.source == Source::none) {
        if (auto* e = catalogue_.find(cookie.name, cookie_reg)) {
            out.category = e->category;
            out.source = Source::catalogue;
            out.vendor = e->platform;
            out.purpose = e->purpose;
            out.detail = (e->prefix ? "prefix " : "name ") + e->name;
            if (e->domain_required)
                out.detail += " on " + e->registrable;
        }
    }
    if (out.source == Source::none)
        decide_unlisted(cookie, cookie_reg, third_party, now, out);
    out.third_party = third_party;
    return out;
}

}  // namespace cw
