#pragma once
// The host's side of the database: the store (when it can be opened), the citizen's choices
// held in memory, and what to do when the disk says no. Verdicts always come from the
// choices in memory, so a locked, read-only or full database costs the log, never the
// protection: the extension still gets answers, and every failure is a clear diagnostic and,
// for requests that need the database, an `unavailable` error reply.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/rules.hpp"
#include "store/store.hpp"

namespace cw {

class StoreService : public ChoicesView {
  public:
    // Opens the database at `path` (":memory:" for tests). If that fails, the service runs on
    // defaults and retries when a request needs the database.
    explicit StoreService(std::filesystem::path path);

    const Settings& settings() const override { return settings_; }
    // Moves each time settings and rules are (re)loaded from the database, for caches of
    // answers derived from them.
    std::uint64_t choices_generation() const { return choices_generation_; }
    const std::map<std::string, SiteRule>& rules() const { return rules_; }
    const SiteRule* rule(const std::string& site) const override;

    // The store, opening it again if an earlier attempt failed; throws
    // ProtocolError(unavailable) saying why it cannot be used.
    Store& require();
    Store* store() { return store_.get(); }

    // Runs a change to settings or rules in the store, then refreshes the choices in memory.
    // Database failures become ProtocolError(unavailable or internal).
    void change(const std::function<void(Store&)>& write);
    // Runs a read; database failures become ProtocolError.
    template <typename F>
    auto read(F&& f) -> decltype(f(std::declval<Store&>()));

    // Adds an event to the current batch. Returns false (and counts it as unsaved) when the
    // store cannot take it. A repeat of an event logged less than kRepeatWindow before (same
    // browser, site, cookie, action and rule) is not logged again (docs/store.md, "Events").
    // Verdicts never wait for the disk: while another process holds the write lock, events
    // wait in memory (the backlog) and their replies say logged:false.
    bool log(const LogEvent& e);
    static constexpr std::int64_t kRepeatWindowMs = 30'000;
    // 0 logs every repeat (tests that serve one event several ways and compare the rows).
    std::int64_t repeat_window_ms = kRepeatWindowMs;
    // Commits the batch (the host calls this before writing the batch's replies). False when
    // the events of the batch could not be saved (or wait in the backlog).
    bool end_batch();
    // Logs the events that waited for a lock, waiting at most `wait` for it. True when none
    // wait any more.
    bool flush_backlog(std::chrono::milliseconds wait = std::chrono::milliseconds(0));
    std::size_t backlog() const { return backlog_.size(); }
    // How long a change a person made (rules.set) waits for another process's lock; the
    // log's writes never wait.
    static constexpr std::chrono::milliseconds kChangeWait{1000};
    // At most this many events wait for a locked database; more are counted unsaved.
    static constexpr std::size_t kMaxBacklog = 20'000;
    // Events answered but not saved since start (the store was unavailable or a commit failed).
    std::int64_t unsaved() const { return unsaved_; }

    // Called on a timer: when another process changed settings or rules, reloads them and
    // returns true.
    bool refresh_if_changed();

    std::string browser = "unknown";  // for the log; set from the caller and hello
    // Runs after the choices were (re)loaded from the store: other data that follows the
    // rules revision (learned declarations) loads here too.
    std::function<void(Store&)> on_reload;

  private:
    bool try_open();
    bool open_read_only();
    void reload(Store& s);
    [[noreturn]] void fail(const std::exception& e, const char* doing);
    void keep(LogEvent e);
    void defer_batch();

    std::filesystem::path path_;
    std::unique_ptr<Store> store_;
    bool read_only_ = false;  // store_ is a read-only view of a folder that cannot be written
    std::string unavailable_reason_;
    std::chrono::steady_clock::time_point last_attempt_{};
    Settings settings_;
    std::map<std::string, SiteRule> rules_;
    std::uint64_t choices_generation_ = 0;
    std::int64_t revision_ = -1;
    std::int64_t pending_ = 0;  // events in the open batch
    std::int64_t unsaved_ = 0;
    std::int64_t failed_in_batch_ = 0;    // events of the current batch the store refused
    std::vector<LogEvent> batch_events_;  // the current batch's, for the backlog if it fails
    std::vector<LogEvent> backlog_;       // answered events waiting for the write lock
    bool busy_in_batch_ = false;          // the write lock was taken when this batch began
    std::chrono::steady_clock::time_point last_lock_warning_{};
    // When each recent event was logged, by its key (repeat()).
    std::unordered_map<std::string, std::int64_t> recent_;
    bool repeat(const LogEvent& e);
};

template <typename F>
auto StoreService::read(F&& f) -> decltype(f(std::declval<Store&>())) {
    Store& s = require();
    try {
        return f(s);
    } catch (const ProtocolError&) {
        throw;
    } catch (const std::exception& e) {
        fail(e, "reading the database");
    }
}

}  // namespace cw
