#include "policy/site_timers.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace cw {

SiteTimers::SiteTimers(boost::asio::io_context& io, const ChoicesView& choices, Clear clear)
    : io_(io), choices_(choices), clear_(std::move(clear)) {}

void SiteTimers::visit(const std::string& site, std::int64_t tab) {
    if (auto it = tab_site_.find(tab); it != tab_site_.end() && it->second.site != site) {
        // A copy: leave() erases the map entry that it->second lives in.
        const std::string previous = it->second.site;
        leave(previous, tab);
    }
    if (!tab_site_.count(tab) && tab_site_.size() >= kMaxTrackedTabs) {
        auto oldest = by_age_.begin();
        const std::int64_t stale = oldest->second;
        const std::string stale_site = tab_site_.at(stale).site;
        leave(stale_site, stale);
    }
    Tab& entry = tab_site_[tab];
    if (entry.seen != 0)
        by_age_.erase(entry.seen);
    entry.site = site;
    entry.seen = ++visits_;
    by_age_.emplace(entry.seen, tab);
    open_tabs_[site].insert(tab);
    if (auto t = timers_.find(site); t != timers_.end()) {
        t->second->cancel();
        timers_.erase(t);
    }
}

void SiteTimers::leave(const std::string& site, std::int64_t tab) {
    if (auto it = tab_site_.find(tab); it != tab_site_.end() && it->second.site == site) {
        by_age_.erase(it->second.seen);
        tab_site_.erase(it);
    }
    auto open = open_tabs_.find(site);
    if (open != open_tabs_.end()) {
        open->second.erase(tab);
        if (!open->second.empty())
            return;
        open_tabs_.erase(open);
    }
    left_site(site);
}

void SiteTimers::left_site(const std::string& site) {
    if (choices_.lifetime(site) != Lifetime::leave || timers_.count(site))
        return;
    auto timer = std::make_unique<boost::asio::steady_timer>(
        io_, std::chrono::seconds(choices_.settings().leave_grace_seconds));
    timer->async_wait([this, site](const boost::system::error_code& ec) {
        if (!ec)
            expire(site);
    });
    timers_.emplace(site, std::move(timer));
}

void SiteTimers::expire(const std::string& site) {
    timers_.erase(site);
    // The rule may have changed during the grace; a tab may have come back without a visit.
    if (open_tabs_.count(site) || choices_.lifetime(site) != Lifetime::leave)
        return;
    spdlog::info("no tab has shown {} for the leave grace: asking to clear its cookies", site);
    clear_(site);
}

void SiteTimers::cancel_all() {
    for (auto& [site, timer] : timers_)
        timer->cancel();
    timers_.clear();
}

}  // namespace cw
