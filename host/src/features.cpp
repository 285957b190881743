#include "features.hpp"

#include <spdlog/spdlog.h>

#include <memory>

#include "classifier.hpp"
#include "classify_verbs.hpp"
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
    auto classifier = std::make_shared<const Classifier>(Classifier::load(manifest_dirs(data_dir)));
    register_classify_verbs(app.dispatcher(), classifier);

    ClassifyFn classify = [classifier](std::string_view site, const CookieFacts& cookie) {
        return classifier->classify(site, cookie);
    };
    auto store = install_store(app, database_path(data_dir), std::move(classify));
    store->browser = caller.browser_family().empty() ? "unknown" : caller.browser_family();

    HelloInfo hello;
    hello.manifest_count = [classifier] { return classifier->manifest_count(); };
    hello.catalogue_count = [classifier] { return classifier->catalogue_count(); };
    hello.on_hello = [store](const std::string& browser, const std::string&) {
        if (!browser.empty())
            store->browser = browser.substr(0, 64);
    };
    register_hello(app.dispatcher(), std::move(hello));
}

}  // namespace cw
