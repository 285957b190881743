#include "verbs/store_feature.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "policy/site_timers.hpp"
#include "store/wal_checkpointer.hpp"

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
    StoreTimers(boost::asio::io_context& io, PushFn push, std::shared_ptr<StoreService> service,
                std::shared_ptr<SiteTimers> sites)
        : push_(std::move(push)),
          service_(std::move(service)),
          sites_(std::move(sites)),
          watch_(io),
          prune_(io) {}

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
                self->push_(json{{"type", "rules.changed"}});
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

    PushFn push_;
    std::shared_ptr<StoreService> service_;
    std::shared_ptr<SiteTimers> sites_;
    boost::asio::steady_timer watch_;
    boost::asio::steady_timer prune_;
    bool stopped_ = false;
};

}  // namespace

StoreFeature open_store(boost::asio::io_context& io, PushFn push,
                        const std::filesystem::path& db_path) {
    auto service = std::make_shared<StoreService>(db_path);
    auto sites = std::make_shared<SiteTimers>(io, *service, [push](const std::string& site) {
        push(json{{"type", "site.clear"}, {"site", site}});
    });

    auto timers = std::make_shared<StoreTimers>(io, push, service, sites);
    timers->start();
    StoreFeature feature;
    feature.service = service;
    feature.sites = sites;
    // Group commit: the replies of a batch are written only after this ran, so an answered
    // event is always in the log.
    feature.end_batch = [service](std::vector<PendingReply>& replies) {
        if (service->end_batch())
            return;
        for (auto& reply : replies)
            reply.mark_unlogged();
    };
    // Checkpoints of the log run on their own thread, not inside a commit that replies wait for.
    std::shared_ptr<WalCheckpointer> checkpointer;
    if (Store* store = service->store(); store && db_path != ":memory:") {
        try {
            checkpointer = std::make_shared<WalCheckpointer>(db_path);
            checkpointer->attach(store->connection());
        } catch (const std::exception& e) {
            spdlog::warn("checkpoints stay in the commits: {}", e.what());
            checkpointer.reset();
        }
    }
    feature.stop = [timers, checkpointer] {
        timers->stop();
        if (checkpointer)
            checkpointer->stop();
    };
    return feature;
}

}  // namespace cw
