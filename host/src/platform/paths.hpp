#pragma once
// Where the product keeps its files (docs/design.md, "Names, data folder, files"). The one place
// that knows each platform's conventions for the data folder and the manifest folders.

#include <filesystem>
#include <vector>

namespace cw {

// $COOKIE_WARDEN_HOME if set and not empty; else the platform's user data folder.
std::filesystem::path data_dir();

// <data folder>/cookie-warden.db
std::filesystem::path database_path(const std::filesystem::path& data_dir);

// Manifest folders in the order they are searched: the user's, then the system's. The
// shipped manifests are embedded in the executables and come last.
std::vector<std::filesystem::path> manifest_dirs(const std::filesystem::path& data_dir);

// Creates the folder (and parents) if missing, owner-only (0700). Throws
// std::filesystem::filesystem_error when it cannot.
void ensure_private_dir(const std::filesystem::path& dir);

}  // namespace cw
