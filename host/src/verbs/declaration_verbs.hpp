#pragma once
// The verb `declaration.learned` (docs/declarations.md): the extension read a site's cookie
// declaration from its consent platform; the host validates it, stores it per registrable
// domain and classifies by it from now on.

#include <memory>

#include "classify/declarations.hpp"
#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

void register_declaration_verbs(Dispatcher& dispatcher,
                                std::shared_ptr<LearnedDeclarations> learned,
                                std::shared_ptr<StoreService> service);

// Loads every stored declaration into `learned` (at start-up and whenever another process
// changed the rules or declarations). A store that cannot be read leaves `learned` as it was.
void load_learned(Store& store, LearnedDeclarations& learned);

// The `learned` part of manifests.list: one entry per site.
json learned_listing(const LearnedDeclarations& learned);

}  // namespace cw
