#include "store/store_service.hpp"

#include <spdlog/spdlog.h>

#include "platform/data_folder.hpp"
#include "store/sqlite.hpp"

namespace cw {
namespace {

constexpr auto kRetryAfter = std::chrono::seconds(2);
constexpr auto kNoWait = std::chrono::milliseconds(0);

bool is_busy(const std::exception& e) {
    auto* se = dynamic_cast<const sql::SqliteError*>(&e);
    return se && (se->primary() == SQLITE_BUSY || se->primary() == SQLITE_LOCKED);
}

}  // namespace

StoreService::StoreService(std::filesystem::path path) : path_(std::move(path)) {
    try_open();
}

bool StoreService::try_open() {
    last_attempt_ = std::chrono::steady_clock::now();
    try {
        // The folder is checked again on each attempt: once its owner fixes it, the store opens.
        if (path_ != ":memory:")
            secure_data_dir(path_.parent_path(), CreateFolder::no);
    } catch (const DataFolderError& e) {
        // Not even a read-only look: the file in a folder of someone else's is theirs to swap.
        unavailable_reason_ = e.what();
        spdlog::error("the database is not used; verdicts follow the rules in memory: {}",
                      e.what());
        store_.reset();
        read_only_ = false;
        return false;
    } catch (const std::exception& e) {
        spdlog::warn("cannot check the data folder: {}", e.what());
    }
    try {
        auto s = std::make_unique<Store>(path_);
        s->set_busy_wait(kChangeWait);
        reload(*s);
        store_ = std::move(s);
        read_only_ = false;
        unavailable_reason_.clear();
        return true;
    } catch (const std::exception& e) {
        unavailable_reason_ = e.what();
        if (read_only_)
            return false;  // still only readable; keep the read-only view
        spdlog::error(
            "the database cannot be used; verdicts follow the rules in memory and the "
            "log is not kept: {}",
            e.what());
        auto* se = dynamic_cast<const sql::SqliteError*>(&e);
        if (se && se->primary() != SQLITE_BUSY && se->primary() != SQLITE_LOCKED)
            return open_read_only();
        return false;
    }
}

bool StoreService::open_read_only() {
    // A folder that cannot be written (a read-only mount) still holds the citizen's choices:
    // verdicts must follow them. Not when the file is merely locked: another process may be
    // writing it, and the read-only view assumes nobody does.
    std::error_code ec;
    if (path_ == ":memory:" || !std::filesystem::exists(path_, ec))
        return false;
    try {
        auto s = std::make_unique<Store>(path_, Store::ReadOnly{});
        reload(*s);
        store_ = std::move(s);
        read_only_ = true;
        spdlog::warn(
            "the database is read-only: verdicts follow the stored choices, but "
            "changes and new log entries cannot be saved");
        return true;
    } catch (const std::exception& e) {
        spdlog::error("the database cannot be read either: {}", e.what());
        return false;
    }
}

void StoreService::reload(Store& s) {
    revision_ = s.rules_revision();
    settings_ = s.load_settings();
    rules_ = s.load_rules();
    if (on_reload)
        on_reload(s);
    ++choices_generation_;
}

const SiteRule* StoreService::rule(const std::string& site) const {
    auto it = rules_.find(site);
    return it == rules_.end() ? nullptr : &it->second;
}

Store& StoreService::require() {
    if ((!store_ || read_only_) && std::chrono::steady_clock::now() - last_attempt_ >= kRetryAfter)
        try_open();
    if (!store_) {
        throw ProtocolError(ErrorCode::unavailable,
                            "the Cookie Warden database cannot be used: " + unavailable_reason_);
    }
    return *store_;
}

void StoreService::fail(const std::exception& e, const char* doing) {
    spdlog::error("{} failed: {}", doing, e.what());
    if (auto* se = dynamic_cast<const sql::SqliteError*>(&e); se && se->is_unavailable()) {
        throw ProtocolError(ErrorCode::unavailable,
                            std::string(doing) + " failed: " + e.what() + "; nothing was changed");
    }
    throw ProtocolError(ErrorCode::internal, std::string(doing) + " failed: " + e.what());
}

void StoreService::change(const std::function<void(Store&)>& write) {
    Store& s = require();
    try {
        write(s);
        reload(s);
    } catch (const ProtocolError&) {
        throw;
    } catch (const std::exception& e) {
        fail(e, "saving the change");
    }
}

// One event, one entry: a browser reports the same decision more than once for one thing the
// user did (a page's script writes a removed cookie again a second later; a response's cookie
// is blocked, then set by script and removed). Keyed by everything a log row says but its time.
bool StoreService::repeat(const LogEvent& e) {
    std::string key;
    key.reserve(e.site.size() + e.name.size() + e.domain.size() + e.path.size() + e.rule.size() +
                e.browser.size() + e.store.size() + 12);
    for (const std::string* part :
         {&e.browser, &e.site, &e.name, &e.domain, &e.path, &e.store, &e.rule}) {
        key += *part;
        key += '\0';
    }
    key += static_cast<char>('0' + static_cast<int>(e.action));
    key += e.partitioned ? 'p' : '-';
    auto [it, fresh] = recent_.try_emplace(std::move(key), e.time_ms);
    if (!fresh) {
        if (e.time_ms >= it->second && e.time_ms - it->second < repeat_window_ms)
            return true;
        it->second = e.time_ms;
    }
    // Bounded: past a few thousand keys, those older than the window go.
    if (recent_.size() > 4096) {
        std::erase_if(recent_, [&](const auto& entry) {
            return e.time_ms - entry.second >= repeat_window_ms;
        });
    }
    return false;
}

void StoreService::keep(LogEvent e) {
    if (backlog_.size() >= kMaxBacklog) {
        if (unsaved_++ == 0 || unsaved_ % 10'000 == 0)
            spdlog::error("the database stays locked: events beyond {} waiting are not logged",
                          kMaxBacklog);
        return;
    }
    backlog_.push_back(std::move(e));
}

void StoreService::defer_batch() {
    store_->rollback_batch();
    for (auto& e : batch_events_)
        keep(std::move(e));
    batch_events_.clear();
    pending_ = 0;
}

bool StoreService::log(const LogEvent& e) {
    if (repeat(e))
        return true;  // logged already, a moment ago
    if (!store_) {
        ++unsaved_;
        return false;
    }
    if (busy_in_batch_) {
        keep(e);
        return false;
    }
    try {
        if (!store_->batch_open()) {
            store_->set_busy_wait(kNoWait);
            store_->begin_batch();
            store_->set_busy_wait(kChangeWait);
            // The lock is ours: events that waited for it go first, in their order.
            std::vector<LogEvent> waiting;
            waiting.swap(backlog_);
            for (auto& w : waiting)
                batch_events_.push_back(std::move(w));
            pending_ += static_cast<std::int64_t>(batch_events_.size());
            for (const auto& w : batch_events_)
                store_->append(w);
        }
        store_->append(e);
        batch_events_.push_back(e);
        ++pending_;
        return true;
    } catch (const std::exception& ex) {
        store_->set_busy_wait(kChangeWait);
        if (is_busy(ex)) {
            // Another process writes: the verdict goes out now, the event waits in memory.
            auto now = std::chrono::steady_clock::now();
            if (now - last_lock_warning_ >= std::chrono::seconds(10)) {
                last_lock_warning_ = now;
                spdlog::warn(
                    "the database is locked by another process; events wait in memory "
                    "and are logged when it is free (their replies say logged:false)");
            }
            busy_in_batch_ = true;
            defer_batch();
            keep(e);
            return false;
        }
        // One line per batch, not per event: a full disk must not flood the diagnostics too.
        if (failed_in_batch_++ == 0)
            spdlog::error("events could not be logged: {}", ex.what());
        ++unsaved_;
        return false;
    }
}

bool StoreService::end_batch() {
    if (failed_in_batch_ > 1)
        spdlog::error("{} events of this batch could not be logged", failed_in_batch_);
    failed_in_batch_ = 0;
    if (busy_in_batch_) {
        busy_in_batch_ = false;
        return false;
    }
    if (!store_ || !store_->batch_open()) {
        batch_events_.clear();
        return true;
    }
    bool saved = true;
    try {
        store_->commit_batch();
    } catch (const std::exception& e) {
        if (is_busy(e)) {
            defer_batch();
        } else {
            // The verdicts already went into the replies; the log lost these events. Say so.
            spdlog::error("{} answered events could not be saved in the log: {}", pending_,
                          e.what());
            unsaved_ += pending_;
        }
        saved = false;
    }
    batch_events_.clear();
    pending_ = 0;
    return saved;
}

bool StoreService::flush_backlog(std::chrono::milliseconds wait) {
    if (backlog_.empty() || !store_ || read_only_ || store_->batch_open())
        return backlog_.empty();
    store_->set_busy_wait(wait);
    try {
        for (const auto& e : backlog_)
            store_->append(e);
        store_->commit_batch();
        spdlog::info("{} events that waited for the database are in the log now", backlog_.size());
        backlog_.clear();
    } catch (const std::exception& e) {
        store_->rollback_batch();
        if (!is_busy(e)) {
            spdlog::error("{} events that waited for the database could not be logged: {}",
                          backlog_.size(), e.what());
            unsaved_ += static_cast<std::int64_t>(backlog_.size());
            backlog_.clear();
        }
    }
    store_->set_busy_wait(kChangeWait);
    return backlog_.empty();
}

bool StoreService::refresh_if_changed() {
    if (!store_) {
        if (std::chrono::steady_clock::now() - last_attempt_ < kRetryAfter || !try_open()) {
            return false;
        }
        return true;  // choices loaded from a database that was unavailable so far
    }
    try {
        if (!store_->changed_elsewhere())
            return false;
        if (store_->rules_revision() == revision_)
            return false;  // only the log moved
        reload(*store_);
        return true;
    } catch (const std::exception& e) {
        spdlog::warn("checking for rule changes failed: {}", e.what());
        return false;
    }
}

}  // namespace cw
