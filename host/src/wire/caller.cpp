#include "wire/caller.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace cw {

std::string Caller::browser_family() const {
    switch (kind) {
        case Kind::chromium:
            return "chromium";
        case Kind::firefox:
            return "firefox";
        default:
            return "";
    }
}

Caller parse_caller(const std::vector<std::string>& args) {
    Caller caller;
    std::vector<std::string> positional;
    for (const auto& a : args) {
        if (a.rfind("--", 0) != 0)
            positional.push_back(a);  // skip --parent-window=...
    }
    if (positional.empty())
        return caller;
    const std::string prefix = "chrome-extension://";
    const std::string& first = positional.front();
    caller.origin = first;
    if (first.rfind(prefix, 0) == 0) {
        std::string id = first.substr(prefix.size());
        if (!id.empty() && id.back() == '/')
            id.pop_back();
        caller.kind = Caller::Kind::chromium;
        caller.id = id;
    } else if (positional.size() >= 2) {
        // Firefox: <path to host manifest> <add-on id>
        caller.kind = Caller::Kind::firefox;
        caller.id = positional[1];
        caller.origin = positional[1];
    } else {
        caller.kind = Caller::Kind::unknown;
    }
    return caller;
}

std::vector<std::string> extra_allowed_ids(const std::filesystem::path& data_dir) {
    std::vector<std::string> ids;
    auto path = data_dir / "config.json";
    std::ifstream in(path);
    if (!in)
        return ids;
    try {
        auto config = nlohmann::json::parse(in);
        if (auto it = config.find("allowedExtensions"); it != config.end() && it->is_array()) {
            for (const auto& v : *it) {
                if (v.is_string())
                    ids.push_back(v.get<std::string>());
            }
        }
    } catch (const std::exception& e) {
        spdlog::warn("ignoring {}: {}", path.string(), e.what());
    }
    return ids;
}

bool is_allowed(const Caller& caller, const std::vector<std::string>& extra_ids) {
    if (caller.id.empty())
        return false;
    if (caller.kind == Caller::Kind::chromium && caller.id == kChromiumExtensionId)
        return true;
    if (caller.kind == Caller::Kind::firefox && caller.id == kFirefoxAddonId)
        return true;
    if (caller.kind != Caller::Kind::chromium && caller.kind != Caller::Kind::firefox)
        return false;
    return std::find(extra_ids.begin(), extra_ids.end(), caller.id) != extra_ids.end();
}

}  // namespace cw
