#include "store_helpers.hpp"

#include <fstream>
#include <sstream>

namespace cw::test {

json cookie_event(const std::string& site, const std::string& name, const std::string& domain,
                  bool persistent) {
    json cookie{{"name", name},      {"value", kSecretValue},  {"domain", domain},
                {"path", "/"},       {"session", !persistent}, {"secure", true},
                {"httpOnly", false}, {"sameSite", "lax"},      {"storeId", "0"}};
    if (persistent)
        cookie["expirationDate"] = 2.0e9;
    return {{"cookie", cookie},
            {"removed", false},
            {"cause", "explicit"},
            {"site", site},
            {"tabId", 7}};
}

std::optional<json> wait_for_push(HostProcess& host, const std::string& type,
                                  std::chrono::milliseconds timeout) {
    auto& seen = host.pushes();
    for (auto it = seen.begin(); it != seen.end(); ++it) {
        if ((*it)["type"] == type) {
            json found = *it;
            seen.erase(it);
            return found;
        }
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto frame = host.receive(std::max(left, std::chrono::milliseconds(1)));
        if (!frame)
            return std::nullopt;
        if (!frame->contains("id") && (*frame)["type"] == type)
            return frame;
        if (!frame->contains("id"))
            seen.push_back(*frame);
    }
    return std::nullopt;
}

CommandResult run_cli(const std::filesystem::path& home, const std::vector<std::string>& args) {
    std::vector<std::string> argv{CW_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.env["COOKIE_WARDEN_HOME"] = home.string();
    options.timeout = std::chrono::seconds(60);
    return run_command(argv, options);
}

bool any_file_contains(const std::filesystem::path& dir, const std::string& needle) {
    for (auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        if (ss.str().find(needle) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace cw::test
