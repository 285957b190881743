#include "verbs/store_feature.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <future>

#include "policy/site_timers.hpp"
#include "store/store_maintenance.hpp"
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
                std::shared_ptr<SiteTimers> sites, std::filesystem::path db_path)
        : db_path_(std::move(db_path)),
          push_(std::move(push)),
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
        // Events that waited for a lock get one last chance before the host exits.
        if (!service_->flush_backlog(std::chrono::milliseconds(2000)))
            spdlog::error("{} answered events could not be logged: the database stayed locked",
                          service_->backlog());
        if (maintenance_.valid())
            maintenance_.wait();
    }

  private:
    void schedule_watch() {
        watch_.expires_after(kWatchEvery);
        watch_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped_)
                return;
            if (self->service_->backlog() != 0)
                self->service_->flush_backlog();
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
                // Pruning never waits for another process's lock on the event loop: a locked
                // database is pruned at the next pass.
                store->set_busy_wait(std::chrono::milliseconds(0));
                try {
                    deleted =
                        store->prune_step(self->service_->settings(), now_ms(), kPruneStepRows);
                } catch (const std::exception& e) {
                    spdlog::warn("pruning the log failed (will try again later): {}", e.what());
                }
                store->set_busy_wait(StoreService::kChangeWait);
            }
            self->pruned_in_pass_ += deleted;
            if (deleted < kPruneStepRows && self->pruned_in_pass_ > 0)
                self->start_maintenance();
            self->schedule_prune(deleted == kPruneStepRows
                                     ? std::chrono::steady_clock::duration(kPruneStepPause)
                                     : std::chrono::steady_clock::duration(kPruneEvery));
        });
    }

    // After a pass that pruned events: the names only they used, their pages and their
    // copies in the write-ahead log go too, on a thread of its own.
    void start_maintenance() {
        if (db_path_.empty() || db_path_ == ":memory:")
            return;
        if (maintenance_.valid() &&
            maintenance_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;  // the last one still runs; the next pass starts another
        pruned_in_pass_ = 0;
        maintenance_ = std::async(std::launch::async, [path = db_path_] {
            try {
                auto r = forget_unused_names_and_reclaim(path);
                spdlog::info("retention: {} names no event uses were removed", r.names_forgotten);
            } catch (const std::exception& e) {
                spdlog::warn("removing what retention left failed (will try again): {}", e.what());
            }
        });
    }

    std::filesystem::path db_path_;
    std::future<void> maintenance_;
    std::int64_t pruned_in_pass_ = 0;
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

    // A temporary rule ended by its timer is news to this host's browser too (a change made by
    // a request is picked up by the extension itself; one from another process by the watch).
    auto temporary = std::make_shared<TemporaryRules>(io, *service, [push] {
        push(json{{"type", "rules.changed"}});
    });
    temporary->schedule_all();

    auto timers = std::make_shared<StoreTimers>(io, push, service, sites, db_path);
    timers->start();
    StoreFeature feature;
    feature.service = service;
    feature.sites = sites;
    feature.temporary = temporary;
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
    feature.stop = [timers, checkpointer, temporary] {
        timers->stop();
        temporary->cancel_all();
        if (checkpointer)
            checkpointer->stop();
    };
    return feature;
}

}  // namespace cw
