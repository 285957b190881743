#pragma once
// Files compiled into the executables at build time (see host/CMakeLists.txt): shipped site
// manifests ("manifests/<file>"), the catalogue ("catalogue/<file>") and the JSON Schemas
// ("schema/<file>").

#include <optional>
#include <span>
#include <string_view>

#include "wire/json_schema.hpp"

namespace cw::embedded {

struct File {
    std::string_view name;
    std::string_view data;
};

std::span<const File> files();

// The file with exactly this name, if it was embedded.
std::optional<std::string_view> find(std::string_view name);

// The embedded schema with this file name ("manifest.schema.json"), checking against
// `definition` when given. Throws std::runtime_error if it is not embedded.
JsonSchema schema(std::string_view file, std::string_view definition = {});

}  // namespace cw::embedded
