#include "features.hpp"

#include <spdlog/spdlog.h>

#include "hello.hpp"
#include "paths.hpp"
#include "store_feature.hpp"

namespace cw {

void register_features(HostApp& app, const Caller& caller, const std::filesystem::path& data_dir) {
    try {
        ensure_private_dir(data_dir);
    } catch (const std::exception& e) {
        spdlog::error("cannot create the data folder: {}", e.what());
    }
    // Until the classifier is wired in, every cookie is unclassified (source "none").
    ClassifyFn classify = [](std::string_view, const CookieFacts&) { return Classification{}; };
    auto store = install_store(app, database_path(data_dir), std::move(classify));
    store->browser = caller.browser_family().empty() ? "unknown" : caller.browser_family();

    HelloInfo hello;
    hello.on_hello = [store](const std::string& browser, const std::string&) {
        if (!browser.empty())
            store->browser = browser.substr(0, 64);
    };
    register_hello(app.dispatcher(), std::move(hello));
}

}  // namespace cw
