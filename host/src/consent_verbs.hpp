#pragma once
// consent.record (schema/protocol.schema.json): see consent_verbs.cpp.

#include "dispatcher.hpp"
#include "store_service.hpp"

namespace cw {

void register_consent_verbs(Dispatcher& dispatcher, StoreService& service);

}  // namespace cw
