#include "session.hpp"

#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "child.hpp"
#include "wire/framing.hpp"
#include "workload.hpp"

namespace cw::load {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

void sleep_until_ns(std::int64_t t) {
    timespec ts{static_cast<time_t>(t / 1'000'000'000), static_cast<long>(t % 1'000'000'000)};
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
}

// Reads frames from `fd`; nothing when `deadline_ms` passes without input or at EOF.
class Reader {
  public:
    explicit Reader(int fd) : fd_(fd) {}
    // Appends the frames of one read to `out`; false at EOF, on error or timeout.
    bool read_some(std::vector<FrameEvent>& out, int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, timeout_ms);
        if (ready <= 0)
            return false;
        ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
        if (n <= 0)
            return false;
        decoder_.feed({buffer_.data(), static_cast<std::size_t>(n)}, out);
        return true;
    }

  private:
    int fd_;
    std::array<char, 256 * 1024> buffer_{};
    FrameDecoder decoder_;
};

// The id of a reply without parsing all of it (the driver shares two cores with the host).
std::int64_t reply_id(const std::string& payload) {
    auto at = payload.find("\"id\":");
    if (at == std::string::npos)
        return -1;
    return std::strtoll(payload.c_str() + at + 5, nullptr, 10);
}

bool reply_ok(const std::string& payload, bool verify) {
    if (!verify)
        return payload.find("\"ok\":true") != std::string::npos;
    auto reply = nlohmann::json::parse(payload, nullptr, false);
    if (reply.is_discarded() || reply.value("ok", false) != true)
        return false;
    auto verdict = reply.find("verdict");
    return verdict != reply.end() && verdict->is_object() && (*verdict)["action"].is_string();
}

std::map<std::string, std::string> env_for(const Target& t) {
    return {{"COOKIE_WARDEN_HOME", t.home.string()}, {"COOKIE_WARDEN_LOG", "warn"}};
}

std::filesystem::path stderr_path(const Target& t) {
    return t.home.parent_path() / (t.home.filename().string() + ".stderr");
}

// Sends hello and waits for its reply (at most 10 s); throws if none comes.
void say_hello(Child& child, Reader& reader) {
    std::string hello = Workload::hello_frame(0);
    if (!write_all(child.input(), hello.data(), hello.size()))
        throw std::runtime_error("the host closed its input before hello");
    std::vector<FrameEvent> frames;
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (frames.empty()) {
        if (Clock::now() > deadline || !reader.read_some(frames, 10'000))
            throw std::runtime_error("no reply to hello");
    }
}

}  // namespace

double quantile(std::vector<double>& values, double q) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

StartUp time_to_hello(const Target& target) {
    auto start = Clock::now();
    Child child(target.executable, target.args, env_for(target), stderr_path(target));
    Reader reader(child.output());
    say_hello(child, reader);
    auto elapsed = Clock::now() - start;
    child.close_input();
    if (int status = child.wait(); status != 0)
        throw std::runtime_error(target.name + " exited with status " + std::to_string(status));
    return {std::chrono::duration<double, std::milli>(elapsed).count(),
            child.cpu_seconds() * 1000.0};
}

RunResult drive(const Target& target, const Plan& plan) {
    Workload workload;
    Child child(target.executable, target.args, env_for(target), stderr_path(target));
    Reader reader(child.output());
    say_hello(child, reader);

    const std::uint64_t n = plan.count;
    auto origin = std::make_unique<std::atomic<std::int64_t>[]>(n + 1);
    std::vector<double> latency(n, -1.0);
    std::atomic<std::uint64_t> received{0};
    std::uint64_t errors = 0;
    std::string first_error;
    std::int64_t last_reply = 0;
    std::mutex mutex;
    std::condition_variable space;
    bool reader_done = false;

    std::thread reading([&] {
        std::vector<FrameEvent> frames;
        while (received.load() < n) {
            frames.clear();
            if (!reader.read_some(frames, 30'000))
                break;  // EOF, error or 30 s of silence
            std::int64_t now = now_ns();
            for (auto& f : frames) {
                std::int64_t id = reply_id(f.payload);
                bool ok = reply_ok(f.payload, plan.verify);
                if (id >= 1 && static_cast<std::uint64_t>(id) <= n) {
                    latency[static_cast<std::size_t>(id - 1)] =
                        static_cast<double>(now - origin[static_cast<std::size_t>(id)].load()) /
                        1000.0;
                } else {
                    ok = false;
                }
                if (!ok && errors++ == 0)
                    first_error = f.payload.substr(0, 300);
                last_reply = now;
                received.fetch_add(1);
            }
            std::lock_guard lock(mutex);
            space.notify_one();
        }
        std::lock_guard lock(mutex);
        reader_done = true;
        space.notify_one();
    });

    const std::int64_t start = now_ns();
    const double period_ns = plan.rate > 0 ? 1e9 / plan.rate : 0;
    bool writer_failed = false;
    for (std::uint64_t id = 1; id <= n; ++id) {
        std::string frame = workload.frame(id);
        if (plan.rate > 0) {
            auto due = start + static_cast<std::int64_t>(static_cast<double>(id - 1) * period_ns);
            if (due > now_ns())
                sleep_until_ns(due);
            origin[id].store(due);
        } else {
            if (id - 1 - received.load() >= plan.window) {
                std::unique_lock lock(mutex);
                space.wait(lock, [&] {
                    return reader_done || id - 1 - received.load() < plan.window / 2;
                });
                if (reader_done)
                    break;
            }
            origin[id].store(now_ns());
        }
        if (!write_all(child.input(), frame.data(), frame.size())) {
            writer_failed = true;
            break;
        }
    }
    reading.join();

    RunResult r;
    r.peak_rss_kib = child.peak_rss_kib();
    child.close_input();
    r.exit_status = child.wait();
    r.cpu_us_per_event =
        child.cpu_seconds() * 1e6 / static_cast<double>(std::max<std::uint64_t>(n, 1));
    r.events = received.load();
    r.errors = errors + (n - r.events);
    r.first_error = writer_failed && first_error.empty() ? "the host stopped reading" : first_error;
    if (r.events < n && r.first_error.empty())
        r.first_error = std::to_string(n - r.events) + " requests were never answered";
    r.seconds = static_cast<double>(last_reply - start) / 1e9;
    r.events_per_s = r.seconds > 0 ? static_cast<double>(r.events) / r.seconds : 0;
    std::vector<double> answered;
    answered.reserve(latency.size());
    for (double l : latency)
        if (l >= 0)
            answered.push_back(l);
    r.p50_us = quantile(answered, 0.5);
    r.p99_us = quantile(answered, 0.99);
    r.p999_us = quantile(answered, 0.999);
    r.max_us = answered.empty() ? 0 : answered.back();
    return r;
}

}  // namespace cw::load
