#pragma once
// The `hello` verb: who the host is and what it has loaded.

#include <cstddef>
#include <functional>
#include <string>

#include "wire/dispatcher.hpp"

namespace cw {

struct HelloInfo {
    std::function<std::size_t()> manifest_count = [] { return std::size_t{0}; };
    std::function<std::size_t()> catalogue_count = [] { return std::size_t{0}; };
    // Receives the browser's self-description (`browser`, `extensionVersion`) if given.
    std::function<void(const std::string& browser, const std::string& extension_version)> on_hello =
        [](const std::string&, const std::string&) {};
};

void register_hello(Dispatcher& dispatcher, HelloInfo info);

}  // namespace cw
