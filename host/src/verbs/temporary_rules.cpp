#include "verbs/temporary_rules.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "verbs/rule_verbs.hpp"

namespace cw {

TemporaryRules::TemporaryRules(boost::asio::io_context& io, StoreService& service, Changed changed)
    : io_(io), service_(service), changed_(std::move(changed)) {}

json to_json(const Store::Temporary& t) {
    return {{"site", t.site}, {"mode", std::string(to_string(t.mode))}, {"until", t.until_ms}};
}

void TemporaryRules::schedule_all() {
    Store* store = service_.store();
    if (!store)
        return;
    try {
        for (const auto& t : store->load_temporaries())
            schedule(t);
    } catch (const std::exception& e) {
        spdlog::warn("cannot read the temporary rules: {}", e.what());
    }
}

void TemporaryRules::schedule(const Store::Temporary& t) {
    auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, t.until_ms - now_ms()));
    auto timer = std::make_unique<boost::asio::steady_timer>(io_, wait);
    timer->async_wait(
        [this, site = t.site, until = t.until_ms](const boost::system::error_code& ec) {
            if (!ec)
                expire(site, until);
        });
    if (auto old = timers_.find(t.site); old != timers_.end())
        old->second->cancel();
    timers_[t.site] = std::move(timer);
}

void TemporaryRules::expire(const std::string& site, std::int64_t until_ms) {
    timers_.erase(site);
    bool ended = false;
    try {
        // Only the rule this timer was for: the user (or another process) may have replaced it.
        service_.change([&](Store& s) { ended = s.end_temporary(site, until_ms); });
    } catch (const std::exception& e) {
        spdlog::error("temporary rule for {}: cannot end it: {}", site, e.what());
        return;
    }
    if (!ended)
        return;
    spdlog::info("temporary rule for {}: its time is up, the rule before it applies again (end)",
                 site);
    changed_();
}

Store::Temporary TemporaryRules::start(const std::string& site, Mode mode, std::int64_t seconds) {
    Store::Temporary t{site, mode, now_ms() + seconds * 1000};
    service_.change([&](Store& s) { s.start_temporary(t); });
    spdlog::info("temporary rule for {}: {} for {} s (start)", site, to_string(mode), seconds);
    schedule(t);
    return t;
}

bool TemporaryRules::end(const std::string& site) {
    bool ended = false;
    service_.change([&](Store& s) { ended = s.end_temporary(site, std::nullopt); });
    if (auto timer = timers_.find(site); timer != timers_.end()) {
        timer->second->cancel();
        timers_.erase(timer);
    }
    if (ended)
        spdlog::info("temporary rule for {}: ended by the user (end)", site);
    return ended;
}

void TemporaryRules::cancel_all() {
    for (auto& [site, timer] : timers_)
        timer->cancel();
    timers_.clear();
}

void register_temporary_verbs(Dispatcher& dispatcher, TemporaryRules& rules,
                              StoreService& service) {
    dispatcher.add("rules.temporary", [&rules, &service](const json& request) {
        std::string site = rule_key(required_string(request, "site"));
        std::string mode = required_string(request, "mode");
        json reply{{"site", site}};
        if (mode == "end") {
            reply["ended"] = rules.end(site);
        } else if (mode == "allow-all" || mode == "block-all") {
            auto seconds = optional_integer(request, "seconds").value_or(3600);
            if (seconds < 1 || seconds > TemporaryRules::kMaxSeconds)
                throw ProtocolError(
                    ErrorCode::bad_request,
                    "'seconds' must be from 1 to " + std::to_string(TemporaryRules::kMaxSeconds));
            reply["temporary"] = to_json(rules.start(
                site, mode == "allow-all" ? Mode::allow_all : Mode::block_all, seconds));
        } else {
            throw ProtocolError(ErrorCode::bad_request,
                                "'mode' must be allow-all, block-all or end");
        }
        auto stored = service.read([&](Store& s) { return s.load_rule(site); });
        SiteRule rule;
        rule.site = site;
        reply["rule"] = to_json(stored.value_or(rule));
        return reply;
    });
}

}  // namespace cw
