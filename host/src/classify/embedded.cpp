#include "classify/embedded.hpp"

#include <stdexcept>
#include <string>

namespace cw::embedded {

std::optional<std::string_view> find(std::string_view name) {
    for (const auto& f : files()) {
        if (f.name == name)
            return f.data;
    }
    return std::nullopt;
}

JsonSchema schema(std::string_view file, std::string_view definition) {
    auto text = find("schema/" + std::string(file));
    if (!text)
        throw std::runtime_error("schema " + std::string(file) + " is not built in");
    return JsonSchema(json::parse(*text), definition);
}

}  // namespace cw::embedded
