#pragma once
// The verbs that read and change the citizen's choices: rules.get|set|delete|list and
// settings.get|set. Shapes are in schema/protocol.schema.json.

#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

void register_rule_verbs(Dispatcher& dispatcher, StoreService& service);

}  // namespace cw
