// The event log: append, query newest first, counts, retention.

#include <limits>

#include "store/consent_book.hpp"
#include "store/store.hpp"
#include "store/store_statements.hpp"
#include "wire/text.hpp"

namespace cw {
namespace {

constexpr int kPartitioned = 1;
constexpr int kThirdParty = 2;
constexpr int kAfterRefusal = 4;
// Bit 2 is taken by issue 16 (after a refusal). Bits 3-5: the category a misdeclared cookie
// was declared as, plus one (0: none). Bits 6-8: the platform of the learned declaration
// involved, as its position in kPlatforms plus one.
constexpr int kDeclaredShift = 3;
constexpr int kPlatformShift = 6;
constexpr std::string_view kPlatforms[] = {"cookiebot", "onetrust", "cookieinformation"};

std::int64_t declaration_flags(const LogEvent& e) {
    std::int64_t out = 0;
    if (e.declared)
        out |= (static_cast<std::int64_t>(*e.declared) + 1) << kDeclaredShift;
    for (std::size_t i = 0; i < std::size(kPlatforms); ++i) {
        if (e.platform == kPlatforms[i])
            out |= static_cast<std::int64_t>(i + 1) << kPlatformShift;
    }
    return out;
}

void read_declaration_flags(std::int64_t flags, LogEvent& e) {
    auto declared = (flags >> kDeclaredShift) & 7;
    if (declared >= 1 && declared <= 6)
        e.declared = static_cast<Category>(declared - 1);
    auto platform = (flags >> kPlatformShift) & 7;
    if (platform >= 1 && platform <= static_cast<std::int64_t>(std::size(kPlatforms)))
        e.platform = kPlatforms[platform - 1];
}

template <typename E>
E enum_at(std::int64_t value, E fallback, int count) {
    return value >= 0 && value < count ? static_cast<E>(value) : fallback;
}

// The longest string of each kind the log keeps, in bytes (schema/protocol.schema.json,
// logEvent): longer ones are cut between characters, so that no row can outgrow a reply.
constexpr std::size_t kMaxBrowser = 64, kMaxSite = 253, kMaxName = 4096, kMaxDomain = 255,
                      kMaxPath = 1024, kMaxStoreId = 64, kMaxVendor = 512, kMaxRule = 512;

std::string bounded(const std::string& text, std::size_t max_bytes) {
    return std::string(cut_utf8(text, max_bytes));
}

// Text as stored, made valid UTF-8: a row written by anything else cannot stop a reader.
std::string text_at(sql::Statement& s, int column) {
    return valid_utf8(s.column_text(column));
}

LogEvent event_from_row(sql::Statement& s) {
    LogEvent e;
    e.id = s.column_int(0);
    e.time_ms = s.column_int(1);
    e.browser = text_at(s, 2);
    e.site = text_at(s, 3);
    e.name = text_at(s, 4);
    e.domain = text_at(s, 5);
    e.path = text_at(s, 6);
    e.store = text_at(s, 7);
    auto flags = s.column_int(8);
    e.partitioned = flags & kPartitioned;
    e.third_party = flags & kThirdParty;
    e.after_refusal = flags & kAfterRefusal;
    read_declaration_flags(flags, e);
    e.category = enum_at(s.column_int(9), Category::unclassified, 6);
    e.vendor = text_at(s, 10);
    e.source = enum_at(s.column_int(11), Source::none, 5);
    e.action = enum_at(s.column_int(12), Action::allow, 5);
    e.rule = text_at(s, 13);
    return e;
}

}  // namespace

json to_json(const LogEvent& e) {
    json j{{"id", e.id},
           {"time", e.time_ms},
           {"browser", e.browser},
           {"site", e.site},
           {"name", e.name},
           {"domain", e.domain},
           {"path", e.path},
           {"store", e.store},
           {"partitioned", e.partitioned},
           {"category", to_string(e.category)},
           {"source", to_string(e.source)},
           {"thirdParty", e.third_party},
           {"action", to_string(e.action)},
           {"rule", e.rule}};
    if (!e.vendor.empty())
        j["vendor"] = e.vendor;
    if (e.after_refusal)
        j["afterRefusal"] = true;
    if (!e.platform.empty())
        j["platform"] = e.platform;
    if (e.declared) {
        j["declared"] = to_string(*e.declared);
        j["misdeclared"] = misdeclared_text(*e.declared, e.category);
    }
    if (e.action == Action::consent) {
        // An answer to the site's banner: the name is the platform, the rule holds the choices.
        j["platform"] = e.name;
        j["choices"] = choices_of_rule(e.rule);
    }
    return j;
}

json to_json(const Stats& s) {
    json categories = json::object();
    json actions{{"allow", 0}, {"remove", 0}, {"session", 0}, {"blocked", 0}};
    for (Category c : kAllCategories) {
        json per{{"allow", 0}, {"remove", 0}, {"session", 0}, {"blocked", 0}};
        for (Action a : {Action::allow, Action::remove, Action::session, Action::blocked}) {
            auto n = s.counts[static_cast<std::size_t>(c)][static_cast<std::size_t>(a)];
            per[std::string(to_string(a))] = n;
            actions[std::string(to_string(a))] =
                actions[std::string(to_string(a))].get<std::int64_t>() + n;
        }
        categories[std::string(to_string(c))] = per;
    }
    return json{{"total", s.total}, {"categories", categories}, {"actions", actions}};
}

void Store::begin_batch() {
    if (batch_)
        return;
    batch_.emplace(db_);
    check_names_epoch();
}

void Store::append(const LogEvent& e) {
    begin_batch();
    // Interning may insert names: it runs inside the batch so a rollback takes them too.
    std::int64_t ids[] = {
        intern(bounded(e.browser, kMaxBrowser)), intern(bounded(e.site, kMaxSite)),
        intern(bounded(e.name, kMaxName)),       intern(bounded(e.domain, kMaxDomain)),
        intern(bounded(e.path, kMaxPath)),       intern(bounded(e.store, kMaxStoreId)),
        intern(bounded(e.vendor, kMaxVendor)),   intern(bounded(e.rule, kMaxRule))};
    sql::StatementUse s(stmt(Slot::insert_log));
    s->bind(1, e.time_ms)
        .bind(2, ids[0])
        .bind(3, ids[1])
        .bind(4, ids[2])
        .bind(5, ids[3])
        .bind(6, ids[4])
        .bind(7, ids[5])
        .bind(8, (e.partitioned ? kPartitioned : 0) | (e.third_party ? kThirdParty : 0) |
                     (e.after_refusal ? kAfterRefusal : 0) | declaration_flags(e))
        .bind(9, static_cast<int>(e.category))
        .bind(10, ids[6])
        .bind(11, static_cast<int>(e.source))
        .bind(12, static_cast<int>(e.action))
        .bind(13, ids[7]);
    s->run();
    ++count_deltas_[{ids[1], static_cast<std::int64_t>(e.category),
                     static_cast<std::int64_t>(e.action)}];
}

void Store::flush_counts() {
    for (auto& [key, n] : count_deltas_) {
        sql::StatementUse add(stmt(Slot::add_count));
        add->bind(1, key[0]).bind(2, key[1]).bind(3, key[2]).bind(4, n);
        add->run();
    }
    count_deltas_.clear();
}

std::optional<std::int64_t> Store::first_id_at(std::int64_t time_ms) {
    std::int64_t lo, hi;
    {
        sql::StatementUse range(stmt(Slot::id_range));
        if (!range->step() || range->is_null(0))
            return std::nullopt;  // an empty log
        lo = range->column_int(0);
        hi = range->column_int(1) + 1;
    }
    // The first row at or after an id, and its time.
    auto row_from =
        [this](std::int64_t id) -> std::optional<std::pair<std::int64_t, std::int64_t>> {
        sql::StatementUse s(stmt(Slot::first_row_from));
        s->bind(1, id);
        if (!s->step())
            return std::nullopt;
        return std::make_pair(s->column_int(0), s->column_int(1));
    };
    // Lower bound over ids for "time >= time_ms"; ids may have gaps, hence row_from.
    while (lo < hi) {
        std::int64_t mid = lo + (hi - lo) / 2;
        auto row = row_from(mid);
        if (!row || row->second >= time_ms) {
            hi = mid;
        } else {
            lo = row->first + 1;
        }
    }
    auto found = row_from(lo);
    if (!found)
        return std::nullopt;
    return found->first;
}

std::vector<LogEvent> Store::query(const LogQuery& q) {
    std::vector<LogEvent> out;
    std::optional<std::int64_t> site_id;
    if (!batch_)
        check_names_epoch();
    if (q.site) {
        site_id = find_name(*q.site);
        if (!site_id)
            return out;  // a site never logged
    }
    std::int64_t after = q.after_id.value_or(0);
    if (q.since_ms) {
        auto first = first_id_at(*q.since_ms);
        if (!first)
            return out;  // nothing that recent
        after = std::max(after, *first - 1);
    }
    sql::StatementUse s(stmt(site_id ? Slot::query_site : Slot::query_all));
    if (site_id)
        s->bind(1, *site_id);
    s->bind(2, q.before_id.value_or(std::numeric_limits<std::int64_t>::max()));
    s->bind(3, after);
    if (q.action)
        s->bind(4, static_cast<int>(*q.action));
    if (q.since_ms)
        s->bind(5, *q.since_ms);
    s->bind(6, q.limit);
    while (s->step())
        out.push_back(event_from_row(*s));
    return out;
}

Stats Store::stats(const std::optional<std::string>& site) {
    Stats st;
    std::optional<std::int64_t> site_id;
    if (!batch_)
        check_names_epoch();
    if (site) {
        site_id = find_name(*site);
        if (!site_id)
            return st;
    }
    sql::StatementUse s(stmt(site_id ? Slot::stats_site : Slot::stats_all));
    if (site_id)
        s->bind(1, *site_id);
    while (s->step()) {
        auto c = s->column_int(0), a = s->column_int(1), n = s->column_int(2);
        if (c < 0 || c >= 6 || a < 0 || a >= 4)
            continue;
        st.counts[static_cast<std::size_t>(c)][static_cast<std::size_t>(a)] += n;
        st.total += n;
    }
    return st;
}

int Store::prune_step(const Settings& settings, std::int64_t now, int max_rows) {
    commit_batch();
    sql::Transaction tx(db_);
    int deleted = 0;
    {
        // Everything before the first event young enough to keep.
        auto keep_from = first_id_at(now - settings.log_retention_days * 24 * 3600 * 1000);
        sql::StatementUse old(stmt(Slot::prune_old));
        old->bind(1, keep_from.value_or(std::numeric_limits<std::int64_t>::max()))
            .bind(2, max_rows);
        old->run();
        deleted += db_.changes();
    }
    if (deleted < max_rows) {
        std::int64_t total;
        {
            sql::StatementUse t(stmt(Slot::total_events));
            t->step();
            total = t->column_int(0);
        }
        if (total > settings.log_max_events) {
            auto excess =
                std::min<std::int64_t>(total - settings.log_max_events, max_rows - deleted);
            sql::StatementUse oldest(stmt(Slot::prune_oldest));
            oldest->bind(1, excess);
            oldest->run();
            deleted += db_.changes();
        }
    }
    if (deleted > 0) {
        sql::StatementUse c(stmt(Slot::prune_counts));
        c->run();
        tx.commit();
    }
    return deleted;
}

}  // namespace cw
