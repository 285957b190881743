#include "classify/manifest_loader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "classify/embedded.hpp"
#include "wire/json_scan.hpp"

namespace cw {

namespace fs = std::filesystem;

namespace {

// Manifests are small; anything larger is a mistake (or not a manifest).
constexpr std::uintmax_t kMaxManifestBytes = 4 * 1024 * 1024;

std::string read_file(const fs::path& file) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec)
        throw std::runtime_error(ec.message());
    if (size > kMaxManifestBytes)
        throw std::runtime_error("larger than 4 MiB");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot be read");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

ManifestLoadError::ManifestLoadError(std::vector<ManifestProblem> problems)
    : std::runtime_error(problems.empty() ? "invalid manifest" : to_string(problems.front())),
      problems_(std::move(problems)) {}

std::string to_string(const ManifestProblem& p) {
    return p.file + ": " + p.path + ": " + p.message;
}

ManifestValidator::ManifestValidator() : schema_(embedded::schema("manifest.schema.json")) {}

std::vector<ManifestProblem> ManifestValidator::check(std::string_view text,
                                                      const std::string& file) const {
    try {
        load(text, "user", file);
        return {};
    } catch (const ManifestLoadError& e) {
        return e.problems();
    }
}

Manifest ManifestValidator::load(std::string_view text, const std::string& origin,
                                 const std::string& file) const {
    if (nests_too_deep(text)) {
        throw ManifestLoadError({{file, "/",
                                  "nests arrays or objects more than " +
                                      std::to_string(kMaxJsonDepth) + " levels deep"}});
    }
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {
        // parse_error for bad syntax, out_of_range for a number too large for a double.
        throw ManifestLoadError({{file, "/", std::string("not JSON: ") + e.what()}});
    }
    auto problems = schema_.validate(doc);
    if (!problems.empty()) {
        std::vector<ManifestProblem> out;
        for (auto& p : problems)
            out.push_back({file, p.path, p.message});
        throw ManifestLoadError(std::move(out));
    }
    try {
        return manifest_from_json(doc, origin, file);
    } catch (const ManifestError& e) {
        throw ManifestLoadError({{file, e.path(), e.what()}});
    }
}

std::vector<ManifestProblem> validate_manifest_file(const fs::path& file) {
    std::string text;
    try {
        text = read_file(file);
    } catch (const std::runtime_error& e) {
        return {{file.string(), "/", e.what()}};
    }
    return ManifestValidator().check(text, file.string());
}

ManifestSet load_manifests(const std::vector<fs::path>& dirs, bool include_shipped) {
    ManifestSet set;
    ManifestValidator validator;
    std::set<std::string, std::less<>> sites;
    auto add = [&](std::string_view text, const std::string& origin, const std::string& file) {
        try {
            Manifest m = validator.load(text, origin, file);
            if (!sites.insert(m.site).second) {
                set.shadowed.push_back(file);
                return;
            }
            set.manifests.push_back(std::move(m));
        } catch (const ManifestLoadError& e) {
            for (const auto& p : e.problems())
                set.problems.push_back(p);
        }
    };
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        std::error_code ec;
        if (!fs::is_directory(dirs[i], ec))
            continue;  // a missing folder is normal
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dirs[i], ec)) {
            if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) {
                files.push_back(entry.path());
            }
        }
        if (ec) {
            set.problems.push_back({dirs[i].string(), "/", "cannot list folder: " + ec.message()});
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            try {
                add(read_file(f), i == 0 ? "user" : "system", f.string());
            } catch (const std::runtime_error& e) {
                set.problems.push_back({f.string(), "/", e.what()});
            }
        }
    }
    if (include_shipped) {
        for (const auto& f : embedded::files()) {
            if (f.name.starts_with("manifests/") && f.name.ends_with(".json")) {
                add(f.data, "shipped", std::string(f.name));
            }
        }
    }
    return set;
}

}  // namespace cw
