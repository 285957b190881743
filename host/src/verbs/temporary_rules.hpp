#pragma once
// Temporary site rules: the popup's "Something broken? Allow this site for 1 hour". The host
// saves the temporary rule (allow-all or block-all), remembers the rule it replaced, and puts
// that back when the time is up — from a timer while it runs, and at its next start if it was
// not running then (the end time is in the database). Start and end go to the diagnostics log.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

class TemporaryRules {
  public:
    // `changed`: the rules changed by a timer (not by a request): tell this host's browser.
    using Changed = std::function<void()>;
    TemporaryRules(boost::asio::io_context& io, StoreService& service, Changed changed);

    // Schedules every temporary rule in the database; ends those whose time has passed.
    void schedule_all();
    // Starts (or replaces) the temporary rule of `site` for `seconds`; returns it.
    Store::Temporary start(const std::string& site, Mode mode, std::int64_t seconds);
    // Ends the temporary rule of `site` now; false when none ran.
    bool end(const std::string& site);
    void cancel_all();

    static constexpr std::int64_t kMaxSeconds = 7 * 24 * 3600;

  private:
    void schedule(const Store::Temporary& t);
    void expire(const std::string& site, std::int64_t until_ms);

    boost::asio::io_context& io_;
    StoreService& service_;
    Changed changed_;
    std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

json to_json(const Store::Temporary& t);

// rules.temporary {site, mode: allow-all | block-all | end, seconds? (default 3600)}.
void register_temporary_verbs(Dispatcher& dispatcher, TemporaryRules& rules, StoreService& service);

}  // namespace cw
