#include "features.hpp"

#include <memory>

#include "classifier.hpp"
#include "classify_verbs.hpp"
#include "hello.hpp"
#include "paths.hpp"

namespace cw {

void register_features(HostApp& app, const Caller& caller, const std::filesystem::path& data_dir) {
    (void)caller;
    auto classifier = std::make_shared<const Classifier>(Classifier::load(manifest_dirs(data_dir)));
    register_classify_verbs(app.dispatcher(), classifier);

    HelloInfo hello;
    hello.manifest_count = [classifier] { return classifier->manifest_count(); };
    hello.catalogue_count = [classifier] { return classifier->catalogue_count(); };
    register_hello(app.dispatcher(), std::move(hello));
}

}  // namespace cw
