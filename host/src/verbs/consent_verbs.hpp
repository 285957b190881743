#pragma once
// consent.record (schema/protocol.schema.json): see consent_verbs.cpp.

#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

void register_consent_verbs(Dispatcher& dispatcher, StoreService& service);

}  // namespace cw
