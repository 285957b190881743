#include "verbs/hello.hpp"

#include "version.hpp"

namespace cw {

void register_hello(Dispatcher& dispatcher, HelloInfo info) {
    dispatcher.add("hello", [info = std::move(info)](const json& request) {
        auto browser = optional_string(request, "browser").value_or("");
        auto extension_version = optional_string(request, "extensionVersion").value_or("");
        info.on_hello(browser, extension_version);
        return json{{"host", kHostExecutable},
                    {"name", kHostName},
                    {"version", kVersion},
                    {"protocol", kProtocolVersion},
                    {"manifests", info.manifest_count()},
                    {"catalogue", info.catalogue_count()}};
    });
}

}  // namespace cw
