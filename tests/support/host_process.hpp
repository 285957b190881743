#pragma once
// Starts a program (by default the built cookie-warden-host) with pipes on stdin and stdout,
// as a browser does, and talks native-messaging frames to it. Every wait has a deadline.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

// The origin Chromium passes for the project's own extension.
inline constexpr const char* kOwnChromiumOrigin =
    "chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/";

struct HostOptions {
    std::string executable = CW_HOST_PATH;
    std::vector<std::string> args{kOwnChromiumOrigin};
    std::filesystem::path home;  // COOKIE_WARDEN_HOME; required
    std::map<std::string, std::string> extra_env;
    std::filesystem::path stderr_dir;  // where the host's stderr is kept; empty: home
};

class HostProcess {
  public:
    explicit HostProcess(HostOptions options);
    ~HostProcess();
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    void send_bytes(std::string_view bytes);
    void send_frame(std::string_view payload);
    void send(const json& message) { send_frame(message.dump()); }

    // The next frame, or nullopt when the deadline passes or the host closed stdout.
    std::optional<json> receive(std::chrono::milliseconds timeout = 5s);
    // The next frame's payload unparsed (for tests that read a lot and check little).
    std::optional<std::string> receive_payload(std::chrono::milliseconds timeout = 5s);
    // Sends `message` (which must carry an id) and returns the reply with that id; pushes that
    // arrive first are kept for pushes(). Fails the test (throws) on timeout.
    json request(const json& message, std::chrono::milliseconds timeout = 5s);
    // Pushes seen so far by request().
    std::vector<json>& pushes() { return pushes_; }

    // Every byte the host still writes until it closes stdout, or nullopt if it has not closed
    // it by the deadline. After the last expected frame this must be empty: no stray output.
    std::optional<std::string> read_to_eof(std::chrono::milliseconds timeout = 5s);

    void close_stdin();
    // Exit status (or 128+signal), or nullopt if still running at the deadline.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout = 5s);
    void kill(int signal);
    pid_t pid() const { return pid_; }
    std::string stderr_text() const;

  private:
    bool read_exact(char* out, std::size_t n, std::chrono::steady_clock::time_point deadline);

    pid_t pid_ = -1;
    int in_ = -1;   // host's stdin (we write)
    int out_ = -1;  // host's stdout (we read)
    std::filesystem::path stderr_file_;
    std::optional<int> status_;
    std::vector<json> pushes_;
};

}  // namespace cw::test
