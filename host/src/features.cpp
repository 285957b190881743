#include "features.hpp"

#include "hello.hpp"

namespace cw {

void register_features(HostApp& app, const Caller& caller, const std::filesystem::path& data_dir) {
    (void)caller;
    (void)data_dir;
    HelloInfo hello;
    register_hello(app.dispatcher(), std::move(hello));
}

}  // namespace cw
