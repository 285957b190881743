// cookie-warden log [...] [--follow] and cookie-warden stats [--site SITE] [--json]

#include <iostream>
#include <thread>

#include "store_cli.hpp"
#include "wire/text.hpp"

namespace cw::cli {
namespace {

struct LogOptions {
    std::string site, action, since;
    int limit = 50;
    bool json = false;
    bool follow = false;
};

// Names and sites come from web pages: escaped so that none can move the cursor, recolour
// the terminal, reorder a line (U+202E) or forge one (CR, LF).
std::vector<std::string> row(const LogEvent& e) {
    return {format_time(e.time_ms),
            std::string(to_string(e.action)),
            for_terminal(e.site),
            for_terminal(e.name),
            for_terminal(e.domain),
            std::string(to_string(e.category)),
            e.vendor.empty() ? "-" : for_terminal(e.vendor),
            std::string(to_string(e.source)) +
                (e.platform.empty() ? "" : ":" + for_terminal(e.platform)),
            for_terminal(e.rule) +
                (e.declared ? " (" + misdeclared_text(*e.declared, e.category) + ")" : "")};
}

const std::vector<std::string> kHeader{"TIME",     "ACTION", "SITE",   "COOKIE", "DOMAIN",
                                       "CATEGORY", "VENDOR", "SOURCE", "RULE"};

// Newest `limit` events matching, newest first, paging through the store as the host does.
std::vector<LogEvent> newest(Store& store, LogQuery q, int limit) {
    std::vector<LogEvent> out;
    while (static_cast<int>(out.size()) < limit) {
        q.limit = std::min(500, limit - static_cast<int>(out.size()));
        auto page = store.query(q);
        out.insert(out.end(), page.begin(), page.end());
        if (static_cast<int>(page.size()) < q.limit)
            break;
        q.before_id = page.back().id;
    }
    return out;
}

int run_log(const LogOptions& o) {
    LogQuery q;
    if (!o.site.empty())
        q.site = rule_key(o.site);
    if (!o.action.empty())
        q.action = parse_action(o.action);
    if (!o.since.empty())
        q.since_ms = parse_when(o.since, now_ms());
    auto store = open_store();
    auto events = newest(*store, q, o.limit);
    std::int64_t last = events.empty() ? 0 : events.front().id;
    if (o.json && !o.follow) {
        json list = json::array();
        for (auto& e : events)
            list.push_back(to_json(e));
        std::cout << json{{"events", list}}.dump(2) << "\n";
        return 0;
    }
    // People read a log top to bottom, oldest first; --follow then adds at the bottom.
    if (o.json) {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            std::cout << to_json(*it).dump() << "\n";
    } else if (events.empty() && !o.follow) {
        std::cout << "No events.\n";
    } else {
        std::vector<std::vector<std::string>> rows{kHeader};
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            rows.push_back(row(*it));
        print_table(std::cout, rows);
    }
    if (!o.follow)
        return 0;
    std::cout.flush();
    if (last == 0) {
        // Follow from the newest event there is, matching or not.
        LogQuery any;
        any.limit = 1;
        auto newest_any = store->query(any);
        if (!newest_any.empty())
            last = newest_any.front().id;
    }
    // Until interrupted: look at the database's change counter a few times a second and read
    // only what is new.
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (!store->changed_elsewhere())
            continue;
        LogQuery next = q;
        next.after_id = last;
        next.limit = 500;
        auto fresh = store->query(next);
        for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
            if (o.json) {
                std::cout << to_json(*it).dump() << "\n";
            } else {
                print_table(std::cout, {row(*it)});
            }
            last = std::max(last, it->id);
        }
        std::cout.flush();
    }
}

int run_stats(const std::string& site_arg, bool as_json) {
    std::optional<std::string> site;
    if (!site_arg.empty())
        site = rule_key(site_arg);
    Stats st = open_store()->stats(site);
    if (as_json) {
        json j = to_json(st);
        if (site)
            j["site"] = *site;
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{{"CATEGORY", "ALLOW", "REMOVE", "SESSION"}};
    for (Category c : kAllCategories) {
        auto& n = st.counts[static_cast<std::size_t>(c)];
        rows.push_back({std::string(to_string(c)), std::to_string(n[0]), std::to_string(n[1]),
                        std::to_string(n[2])});
    }
    std::cout << (site ? *site : std::string("All sites")) << ": " << st.total << " events\n";
    print_table(std::cout, rows);
    return 0;
}

}  // namespace

void add_log_commands(CLI::App& app, Action& action) {
    auto o = std::make_shared<LogOptions>();
    auto* log =
        app.add_subcommand("log", "Show the decisions the host logged, oldest of them first");
    log->add_option("--site", o->site, "Only this site")->type_name("SITE");
    log->add_option("--action", o->action, "Only this action")
        ->type_name("ACTION")
        ->check(CLI::IsMember({"allow", "remove", "session", "blocked"}));
    log->add_option("--since", o->since,
                    "Only events since WHEN (2026-11-27, 2026-11-27T14:00, 15m, 2h, 7d)")
        ->type_name("WHEN");
    log->add_option("--limit", o->limit, "At most N events (default 50)")
        ->type_name("N")
        ->check(CLI::Range(1, 1'000'000));
    log->add_flag("--json", o->json, "Print one JSON document (with --follow: one event per line)");
    log->add_flag("--follow", o->follow, "Keep printing new events until interrupted");
    log->callback([&action, o] { action = [o] { return guarded([&] { return run_log(*o); }); }; });

    auto site = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    auto* stats = app.add_subcommand("stats", "Count logged decisions per category and action");
    stats->add_option("--site", *site, "Only this site")->type_name("SITE");
    stats->add_flag("--json", *as_json, "Print one JSON document");
    stats->callback([&action, site, as_json] {
        action = [site, as_json] { return guarded([&] { return run_stats(*site, *as_json); }); };
    });
}

}  // namespace cw::cli
