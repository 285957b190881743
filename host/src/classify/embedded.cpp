#include "classify/embedded.hpp"

namespace cw::embedded {

std::optional<std::string_view> find(std::string_view name) {
    for (const auto& f : files()) {
        if (f.name == name)
            return f.data;
    }
    return std::nullopt;
}

}  // namespace cw::embedded
