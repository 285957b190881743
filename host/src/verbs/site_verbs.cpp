#include "verbs/site_verbs.hpp"

namespace cw {

void register_site_verbs(Dispatcher& dispatcher, SiteTimers& timers, const ChoicesView& choices) {
    auto handler = [&timers, &choices](bool visit) {
        return [&timers, &choices, visit](const json& request) {
            std::string site = rule_key(required_string(request, "site"));
            auto tab = optional_integer(request, "tabId");
            if (!tab)
                throw ProtocolError(ErrorCode::bad_request, "'tabId' is required");
            if (visit) {
                timers.visit(site, *tab);
            } else {
                timers.leave(site, *tab);
            }
            return json{{"site", site}, {"lifetime", to_string(choices.lifetime(site))}};
        };
    };
    dispatcher.add("site.visit", handler(true));
    dispatcher.add("site.leave", handler(false));
}

}  // namespace cw
