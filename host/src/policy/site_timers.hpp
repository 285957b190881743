#pragma once
// Delete-on-leave (docs/design.md, "Protocol" and "Settings and rules"): the host tracks which tabs
// show which site. When a site whose lifetime is `leave` has had no open tab for the leave grace,
// the host asks the extension to delete its cookies with a `site.clear` push. Visiting the site
// again first cancels the timer. Sites are registrable domains; a tab showing a new site has left
// its old one.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "policy/rules.hpp"

namespace cw {

// Browsers show far fewer tabs than this at once; beyond it, the tab seen longest ago is
// taken as closed (as if left), so that made-up tab ids cannot grow the host without bound.
inline constexpr std::size_t kMaxTrackedTabs = 4096;

class SiteTimers {
  public:
    using Clear = std::function<void(const std::string& site)>;
    SiteTimers(boost::asio::io_context& io, const ChoicesView& choices, Clear clear);

    void visit(const std::string& site, std::int64_t tab);
    void leave(const std::string& site, std::int64_t tab);
    void cancel_all();
    bool pending(const std::string& site) const { return timers_.count(site) != 0; }
    std::size_t tracked_tabs() const { return tab_site_.size(); }

  private:
    void left_site(const std::string& site);
    void expire(const std::string& site);

    boost::asio::io_context& io_;
    const ChoicesView& choices_;
    Clear clear_;
    struct Tab {
        std::string site;
        std::uint64_t seen = 0;  // when last visited, as a count of visits
    };
    std::map<std::int64_t, Tab> tab_site_;
    std::map<std::uint64_t, std::int64_t> by_age_;  // seen -> tab, oldest first
    std::uint64_t visits_ = 0;
    std::map<std::string, std::set<std::int64_t>> open_tabs_;
    std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace cw
