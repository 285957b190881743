#pragma once
// The misdeclared part of `cookie-warden report SITE` (docs/declarations.md): each cookie the
// site's consent platform declares necessary that the catalogue knows as a tracker, from the
// site's log, newest first, once per name and domain.

#include <string>

#include "store/store.hpp"
#include "wire/protocol.hpp"

namespace cw {

// [{time, name, domain, declared, known, platform, says}]; at most the site's newest 20,000
// events are read.
json misdeclared_report(Store& store, const std::string& site);

}  // namespace cw
