#pragma once
// Learned declarations in the database (table `declarations`, docs/declarations.md): one per
// registrable domain, with its platform, the time first and last read and its hash. A newer
// declaration replaces the stored one; an identical one only refreshes the time read. Every
// change bumps the rules revision, so other host processes load the declarations again.

#include <cstdint>
#include <string>
#include <vector>

#include "classify/declarations.hpp"
#include "store/store.hpp"

namespace cw {

enum class DeclarationStored { added, replaced, refreshed };
std::string_view to_string(DeclarationStored s);

// `d.read_at` is the time read; `d.first_read` is filled in from the store.
DeclarationStored save_declaration(Store& store, Declaration& d);
std::vector<Declaration> load_declarations(Store& store);
// False when the site had none.
bool forget_declaration(Store& store, const std::string& site);

}  // namespace cw
