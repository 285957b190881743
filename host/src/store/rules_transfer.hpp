#pragma once
// The export file of settings and rules (schema/rules.schema.json). Import checks the whole
// document — schema, then every rule and setting as the protocol would — before anything is
// written, and then replaces everything in one transaction, so a broken file changes nothing.

#include <vector>

#include "policy/rules.hpp"
#include "store/store.hpp"

namespace cw {

inline constexpr const char* kExportFormat = "cookie-warden-export";
inline constexpr int kExportVersion = 1;

json export_document(Store& store);

struct ImportedChoices {
    Settings settings;
    std::vector<SiteRule> rules;
};

// Throws ProtocolError(bad_request) describing every problem found (up to a few).
ImportedChoices check_import(const json& document);

// The text of an export file, parsed with the host's limits and then checked as above.
// Throws ProtocolError(bad_json or bad_request).
ImportedChoices parse_import(std::string_view text);

}  // namespace cw
