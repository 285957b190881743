#pragma once
// site.visit and site.leave: which tabs show which site, for delete-on-leave
// (policy/site_timers.hpp). Shapes are in schema/protocol.schema.json.

#include "policy/rules.hpp"
#include "policy/site_timers.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

void register_site_verbs(Dispatcher& dispatcher, SiteTimers& timers, const ChoicesView& choices);

}  // namespace cw
