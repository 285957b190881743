#include "verbs/declaration_verbs.hpp"

#include "policy/rules.hpp"
#include "store/store_declarations.hpp"

namespace cw {

void load_learned(Store& store, LearnedDeclarations& learned) {
    LearnedDeclarations::Map map;
    for (auto& d : load_declarations(store)) {
        auto site = d.site;
        map[site] = std::make_shared<const Declaration>(std::move(d));
    }
    learned.replace_all(std::move(map));
}

json learned_listing(const LearnedDeclarations& learned) {
    auto snapshot = learned.snapshot();
    std::map<std::string, std::shared_ptr<const Declaration>> sorted(snapshot->begin(),
                                                                     snapshot->end());
    json out = json::array();
    for (const auto& [site, d] : sorted) {
        json entry = {
            {"site", site},    {"platform", d->platform},    {"cookies", d->cookies.size()},
            {"hash", d->hash}, {"firstRead", d->first_read}, {"readAt", d->read_at}};
        if (!d->policy_url.empty())
            entry["policyUrl"] = d->policy_url;
        out.push_back(std::move(entry));
    }
    return out;
}

void register_declaration_verbs(Dispatcher& dispatcher,
                                std::shared_ptr<LearnedDeclarations> learned,
                                std::shared_ptr<StoreService> service) {
    dispatcher.add("declaration.learned", [learned, service](const json& request) {
        // A declaration speaks for one site: never for a public suffix (dk, co.uk) shared by
        // many. A single-label name (localhost, a test server) is a site of its own.
        std::string site = rule_site(required_string(request, "site"));
        const json& document = required_object(request, "declaration");
        Declaration d = declaration_from_json(site, document);
        d.read_at = now_ms();
        DeclarationStored stored = DeclarationStored::added;
        // change() reloads the choices and, through the service's reload hook, every learned
        // declaration; put() makes this one count at once even so.
        service->change([&](Store& s) { stored = save_declaration(s, d); });
        json reply = {{"site", d.site},
                      {"platform", d.platform},
                      {"stored", to_string(stored)},
                      {"cookies", d.cookies.size()},
                      {"hash", d.hash}};
        learned->put(std::make_shared<const Declaration>(std::move(d)));
        return reply;
    });
}

}  // namespace cw
