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

class SiteTimers {
  public:
    using Clear = std::function<void(const std::string& site)>;
    SiteTimers(boost::asio::io_context& io, const ChoicesView& choices, Clear clear);

    void visit(const std::string& site, std::int64_t tab);
    void leave(const std::string& site, std::int64_t tab);
    void cancel_all();
    bool pending(const std::string& site) const { return timers_.count(site) != 0; }

  private:
    void left_site(const std::string& site);
    void expire(const std::string& site);

    boost::asio::io_context& io_;
    const ChoicesView& choices_;
    Clear clear_;
    std::map<std::int64_t, std::string> tab_site_;
    std::map<std::string, std::set<std::int64_t>> open_tabs_;
    std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace cw
