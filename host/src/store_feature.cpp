#include "store_feature.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "site_timers.hpp"
#include "store_verbs.hpp"

namespace cw {
namespace {

using namespace std::chrono_literals;

// How often the host looks for rule changes made by other processes: a cheap PRAGMA, and
// well inside the one second the design allows.
constexpr auto kWatchEvery = 400ms;
// Retention runs now and then, in steps small enough not to hold up requests.
constexpr auto kPruneEvery = 60s;
constexpr auto kPruneFirst = 3s;
constexpr auto kPruneStepPause = 20ms;
constexpr int kPruneStepRows = 500;

// The host's background work on the store: watching for rule changes and pruning the log.
class StoreTimers : public std::enable_shared_from_this<StoreTimers> {
  public:
    StoreTimers(HostApp& app, std::shared_ptr<StoreService> service,
                std::shared_ptr<SiteTimers> sites)
        : app_(app),
          service_(std::move(service)),
          sites_(std::move(sites)),
          watch_(app.io()),
          prune_(app.io()) {}

    void start() {
        schedule_watch();
        schedule_prune(kPruneFirst);
    }
    void stop() {
        stopped_ = true;
        watch_.cancel();
        prune_.cancel();
        sites_->cancel_all();
    }

  private:
    void schedule_watch() {
        watch_.expires_after(kWatchEvery);
        watch_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped_)
                return;
            if (self->service_->refresh_if_changed()) {
                self->app_.push(json{{"type", "rules.changed"}});
            }
            self->schedule_watch();
        });
    }

    void schedule_prune(std::chrono::steady_clock::duration after) {
        prune_.expires_after(after);
        prune_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped_)
                return;
            int deleted = 0;
            if (Store* store = self->service_->store()) {
                try {
                    deleted =
                        store->prune_step(self->service_->settings(), now_ms(), kPruneStepRows);
                } catch (const std::exception& e) {
                    spdlog::warn("pruning the log failed (will try again later): {}", e.what());
                }
            }
            self->schedule_prune(deleted == kPruneStepRows
                                     ? std::chrono::steady_clock::duration(kPruneStepPause)
                                     : std::chrono::steady_clock::duration(kPruneEvery));
        });
    }

    HostApp& app_;
    std::shared_ptr<StoreService> service_;
    std::shared_ptr<SiteTimers> sites_;
    boost::asio::steady_timer watch_;
    boost::asio::steady_timer prune_;
    bool stopped_ = false;
};

}  // namespace

std::shared_ptr<StoreService> install_store(HostApp& app, const std::filesystem::path& db_path,
                                            ClassifyFn classify) {
    auto service = std::make_shared<StoreService>(db_path);
    register_cookie_events(app.dispatcher(), *service, std::move(classify));
    register_rule_verbs(app.dispatcher(), *service);
    register_log_verbs(app.dispatcher(), *service);

    auto sites = std::make_shared<SiteTimers>(app.io(), *service, [&app](const std::string& site) {
        app.push(json{{"type", "site.clear"}, {"site", site}});
    });
    register_site_verbs(app.dispatcher(), *sites, *service);

    // Group commit: the replies of a batch are written only after this ran, so an answered
    // event is always in the log.
    app.on_batch_end([service, sites] { service->end_batch(); });

    auto timers = std::make_shared<StoreTimers>(app, service, sites);
    timers->start();
    app.on_shutdown([timers] { timers->stop(); });
    return service;
}

}  // namespace cw
