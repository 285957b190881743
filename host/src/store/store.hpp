#pragma once
// The SQLite database shared by every host process and the command line: settings, site rules
// and the event log. One connection per Store, used from one thread. Every statement is
// prepared once when the store opens, from the table in store_statements.hpp.
//
// Writes: settings and rules are written in their own short transactions and bump a revision
// counter that other processes watch. Log rows are appended to a batch transaction that
// commit_batch() makes durable: the host commits once per group of frames, before any reply
// of that group is written.

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "classify/classification.hpp"
#include "policy/decision.hpp"
#include "policy/rules.hpp"
#include "store/sqlite.hpp"
#include "store/store_schema.hpp"

namespace cw {

// One decision as the log keeps it. Never a cookie value: there is no field for one.
struct LogEvent {
    std::int64_t id = 0;       // filled in by the store
    std::int64_t time_ms = 0;  // milliseconds since the epoch
    std::string browser;       // "chromium", "firefox" or what hello said
    std::string site;          // registrable domain of the top-level site
    std::string name;
    std::string domain;  // as the browser reported it
    std::string path = "/";
    std::string store;  // cookie store id ("0", "firefox-default"...)
    bool partitioned = false;
    bool third_party = false;
    Category category = Category::unclassified;
    std::string vendor;
    Source source = Source::none;
    Action action = Action::allow;
    std::string rule;
    // From the site's learned declaration: its platform ("cookiebot", "onetrust") and, for a
    // misdeclared cookie, what the site declared. Kept in the row's flags.
    std::string platform;
    std::optional<Category> declared;
};

json to_json(const LogEvent& e);

struct LogQuery {
    std::optional<std::string> site;  // registrable domain
    std::optional<Action> action;
    std::optional<Category> category;
    std::optional<std::int64_t> since_ms;   // events at or after this time
    std::optional<std::int64_t> before_id;  // events older than this id (the paging cursor)
    std::optional<std::int64_t> after_id;   // events newer than this id (for following)
    int limit = 100;
};

struct Stats {
    std::int64_t total = 0;
    // counts[category][action]
    std::array<std::array<std::int64_t, 4>, 6> counts{};
};

json to_json(const Stats& s);

std::int64_t now_ms();

class Store {
  public:
    // Opens (creating if allowed) and migrates the database. Throws StoreError (too new, not
    // ours) or sql::SqliteError (cannot open, locked past the busy timeout...).
    explicit Store(const std::filesystem::path& path, bool create = true);
    // A read-only view of an existing database in a folder that cannot be written (a read-only
    // mount): choices and the log can be read; every write fails with SQLITE_READONLY.
    struct ReadOnly {};
    Store(const std::filesystem::path& path, ReadOnly);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // --- settings and rules
    Settings load_settings();
    std::map<std::string, SiteRule> load_rules();
    std::optional<SiteRule> load_rule(const std::string& site);
    // A counter bumped by every change to settings or rules, by any process.
    std::int64_t rules_revision();
    void save_settings(const Settings& s);
    void save_rule(const SiteRule& r);
    bool delete_rule(const std::string& site);
    // Replaces the settings and every rule in one transaction (import).
    void replace_all(const Settings& s, const std::vector<SiteRule>& rules);

    // --- temporary rules (temporary_rules.hpp; store_temporary.cpp): a site's mode until a
    // time, then the rule it replaced. Saving or deleting the site's rule ends it for good.
    struct Temporary {
        std::string site;
        Mode mode = Mode::allow_all;
        std::int64_t until_ms = 0;
    };
    std::vector<Temporary> load_temporaries();
    std::optional<Temporary> load_temporary(const std::string& site);
    // Saves the site's rule with `t.mode` and remembers the rule before it (if a temporary
    // rule runs already, the one from before that stays remembered).
    void start_temporary(const Temporary& t);
    // Puts the remembered rule back (or none); false when no temporary rule runs, or, with
    // `until_ms`, when the one running now is another.
    bool end_temporary(const std::string& site, std::optional<std::int64_t> until_ms);

    // --- the log
    void append(const LogEvent& e);  // joins the batch transaction, beginning one if needed
    void begin_batch();              // takes the write lock for a batch (if none is open)
    bool batch_open() const { return batch_.has_value(); }
    // Makes the batch durable. On failure the batch is rolled back and the error rethrown.
    void commit_batch();
    void rollback_batch();
    std::vector<LogEvent> query(const LogQuery& q);
    Stats stats(const std::optional<std::string>& site);
    // Deletes at most `max_rows` events that are too old or over the count limit; returns how
    // many went. Call again while it returns max_rows.
    int prune_step(const Settings& s, std::int64_t now, int max_rows);

    // True when another connection committed since the last call (PRAGMA data_version).
    bool changed_elsewhere();

    sql::Connection& connection() { return db_; }
    // How long a statement waits for another process's lock before failing with SQLITE_BUSY.
    void set_busy_wait(std::chrono::milliseconds wait);
    // Bytes held by the cache of name ids (bounded).
    std::size_t name_cache_bytes() const { return names_bytes_; }

    enum class Slot;

  private:
    void prepare();
    sql::Statement& stmt(Slot slot);
    void append_row(const LogEvent& e);
    // The id of the first event at or after `time_ms`, if any.
    std::optional<std::int64_t> first_id_at(std::int64_t time_ms);
    void flush_counts();
    std::int64_t intern(const std::string& text);
    std::optional<std::int64_t> find_name(const std::string& text);
    void check_names_epoch();
    void write_rule(const SiteRule& r);
    void bump_revision();
    void forget_temporary(const std::string& site);  // all of them when `site` is empty

    sql::Connection db_;
    std::vector<sql::Statement> statements_;
    std::optional<sql::Transaction> batch_;
    std::unordered_map<std::string, std::int64_t> names_;
    std::size_t names_bytes_ = 0;
    std::int64_t names_epoch_ = 0;  // meta 'names_epoch' when names_ was last checked
    // Events appended in the open batch per (site id, category, action), added to `counts`
    // when the batch commits.
    std::map<std::array<std::int64_t, 3>, std::int64_t> count_deltas_;
    std::int64_t data_version_ = -1;
};

}  // namespace cw
