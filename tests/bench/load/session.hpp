#pragma once
// One run of a host under load: start it through pipes, say hello, push `cookie.changed`
// events (as fast as it takes them within a window of unanswered requests, or at a fixed
// offered rate), time every reply, then close its input and let it exit.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cw::load {

struct Target {
    std::string name;  // "host" or "reference"
    std::string executable;
    std::vector<std::string> args;
    std::filesystem::path home;  // COOKIE_WARDEN_HOME
};

struct Plan {
    std::uint64_t count = 10'000;
    double rate = 0;           // events per second offered; 0: as fast as it takes them
    std::size_t window = 256;  // most unanswered requests when rate == 0
    bool verify = false;       // parse every reply fully and check its verdict
};

struct RunResult {
    std::uint64_t events = 0;  // answered
    std::uint64_t errors = 0;  // answered with ok:false or unreadable
    std::string first_error;
    double seconds = 0;  // first send to last reply
    double events_per_s = 0;
    // Reply latency in microseconds. At a fixed rate it is counted from when the event was
    // due, so a host that falls behind is charged for the wait too.
    double p50_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
    long peak_rss_kib = -1;  // VmHWM just before the input was closed
    // CPU time of the whole process life (start, hello, events, exit) per answered event:
    // what the work costs, much less disturbed by other load on the machine than wall time.
    double cpu_us_per_event = 0;
    int exit_status = -1;
    std::vector<double> latencies_us;  // kept only when asked (for plots)
};

RunResult drive(const Target& target, const Plan& plan);

struct StartUp {
    double wall_ms = 0;  // from starting the process to the `hello` reply
    double cpu_ms = 0;   // CPU time of the whole run: start, hello, exit
};
StartUp time_to_hello(const Target& target);

// Quantile q (0..1) of `values` (sorted in place).
double quantile(std::vector<double>& values, double q);

}  // namespace cw::load
