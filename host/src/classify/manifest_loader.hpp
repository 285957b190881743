#pragma once
// Finds, validates and loads site manifests: the user's folder, then the system's, then the
// ones shipped inside the executables (docs/design.md, "Names, data folder, files"). The first
// manifest found for a site wins. A manifest that is not valid is skipped with a problem naming the
// file and the JSON path; the others still load.

#include <filesystem>
#include <string>
#include <vector>

#include "classify/manifest.hpp"
#include "wire/json_schema.hpp"

namespace cw {

struct ManifestProblem {
    std::string file;  // path of the file, or "manifests/<file>" for a shipped one
    std::string path;  // JSON pointer of the problem ("/" for the whole document)
    std::string message;
};

struct ManifestSet {
    std::vector<Manifest> manifests;        // in precedence order, one per site
    std::vector<ManifestProblem> problems;  // skipped files
    std::vector<std::string> shadowed;      // files not used because an earlier one has its site
};

class ManifestValidator {
  public:
    ManifestValidator();
    // Every problem with this manifest text: JSON syntax, the schema, then what the schema
    // cannot say. Empty when it is valid.
    std::vector<ManifestProblem> check(std::string_view text, const std::string& file) const;
    // Parses, checks and builds the manifest; throws ManifestLoadError with the problems.
    Manifest load(std::string_view text, const std::string& origin, const std::string& file) const;

  private:
    JsonSchema schema_;
};

class ManifestLoadError : public std::runtime_error {
  public:
    explicit ManifestLoadError(std::vector<ManifestProblem> problems);
    const std::vector<ManifestProblem>& problems() const { return problems_; }

  private:
    std::vector<ManifestProblem> problems_;
};

// Loads `dirs` in order ("user" for the first, "system" for the rest), each folder's *.json
// files in name order, then the shipped manifests when `include_shipped`.
ManifestSet load_manifests(const std::vector<std::filesystem::path>& dirs,
                           bool include_shipped = true);

// Reads and checks one manifest file (for `cookie-warden manifests validate`). Empty when valid.
std::vector<ManifestProblem> validate_manifest_file(const std::filesystem::path& file);

// "file: /path: message"
std::string to_string(const ManifestProblem& problem);

}  // namespace cw
