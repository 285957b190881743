#include "store_feature.hpp"

#include "store_verbs.hpp"

namespace cw {

std::shared_ptr<StoreService> install_store(HostApp& app, const std::filesystem::path& db_path,
                                            ClassifyFn classify) {
    auto service = std::make_shared<StoreService>(db_path);
    register_cookie_events(app.dispatcher(), *service, std::move(classify));
    register_rule_verbs(app.dispatcher(), *service);
    register_log_verbs(app.dispatcher(), *service);
    // Group commit: the replies of a batch are written only after this ran, so an answered
    // event is always in the log.
    app.on_batch_end([service] { service->end_batch(); });
    return service;
}

}  // namespace cw
