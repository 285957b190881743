#include "host_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cw::test {

HostProcess::HostProcess(HostOptions options) {
    ::signal(SIGPIPE, SIG_IGN);
    int to_host[2], from_host[2];
    if (::pipe2(to_host, O_CLOEXEC) != 0 || ::pipe2(from_host, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    stderr_file_ = (options.stderr_dir.empty() ? options.home : options.stderr_dir) /
                   ("host-stderr-" + std::to_string(::getpid()) + "-" +
                    std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".txt");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_host[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_host[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        if (std::strncmp(*e, "COOKIE_WARDEN_HOME=", 19) != 0)
            env_strings.emplace_back(*e);
    }
    env_strings.push_back("COOKIE_WARDEN_HOME=" + options.home.string());
    for (const auto& [k, v] : options.extra_env)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    std::vector<std::string> arg_strings{options.executable};
    arg_strings.insert(arg_strings.end(), options.args.begin(), options.args.end());
    std::vector<char*> argv;
    for (auto& s : arg_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    int rc = ::posix_spawn(&pid_, options.executable.c_str(), &actions, nullptr, argv.data(),
                           envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_host[0]);
    ::close(from_host[1]);
    in_ = to_host[1];
    out_ = from_host[0];
    if (rc != 0)
        throw std::runtime_error("cannot start " + options.executable + ": " + std::strerror(rc));
}

HostProcess::~HostProcess() {
    if (in_ >= 0)
        ::close(in_);
    if (out_ >= 0)
        ::close(out_);
    if (!status_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

void HostProcess::send_bytes(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error(std::string("write to host failed: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

void HostProcess::send_frame(std::string_view payload) {
    auto length = static_cast<std::uint32_t>(payload.size());
    std::string frame(4, '\0');
    std::memcpy(frame.data(), &length, 4);
    frame.append(payload);
    send_bytes(frame);
}

bool HostProcess::read_exact(char* out, std::size_t n,
                             std::chrono::steady_clock::time_point deadline) {
    std::size_t done = 0;
    while (done < n) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd pfd{out_, POLLIN, 0};
        int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        ssize_t got = ::read(out_, out + done, n - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

std::optional<std::string> HostProcess::receive_payload(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::uint32_t length = 0;
    if (!read_exact(reinterpret_cast<char*>(&length), 4, deadline))
        return std::nullopt;
    if (length > 1024 * 1024)
        throw std::runtime_error("host wrote a frame over 1 MiB: " + std::to_string(length));
    std::string payload(length, '\0');
    if (!read_exact(payload.data(), length, deadline))
        throw std::runtime_error("host wrote a partial frame");
    return payload;
}

std::optional<json> HostProcess::receive(std::chrono::milliseconds timeout) {
    auto payload = receive_payload(timeout);
    if (!payload)
        return std::nullopt;
    return json::parse(*payload);
}

json HostProcess::request(const json& message, std::chrono::milliseconds timeout) {
    send(message);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto reply = receive(std::max(left, std::chrono::milliseconds(1)));
        if (!reply)
            throw std::runtime_error("no reply to " + message.dump() + "; host stderr:\n" +
                                     stderr_text());
        if (!reply->contains("id")) {
            pushes_.push_back(*reply);
            continue;
        }
        if ((*reply)["id"] == message["id"])
            return *reply;
        throw std::runtime_error("reply for another id: " + reply->dump());
    }
}

std::optional<std::string> HostProcess::read_to_eof(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string out;
    char buffer[4096];
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        pollfd pfd{out_, POLLIN, 0};
        int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return std::nullopt;
        ssize_t got = ::read(out_, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return out;
        out.append(buffer, static_cast<std::size_t>(got));
    }
}

void HostProcess::close_stdin() {
    if (in_ >= 0)
        ::close(in_);
    in_ = -1;
}

std::optional<int> HostProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (status_)
        return status_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return status_;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        // waitpid has no timeout; check again shortly until the deadline.
        std::this_thread::sleep_for(5ms);
    }
}

void HostProcess::kill(int signal) {
    ::kill(pid_, signal);
}

std::string HostProcess::stderr_text() const {
    std::ifstream in(stderr_file_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace cw::test
