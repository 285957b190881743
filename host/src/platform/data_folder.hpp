#pragma once
// The data folder holds the citizen's choices and the list of sites they visited, so the host
// and the CLI use it only when it is the user's own, and make it private when they open it.
//
// What counts as the user's own (README "Data folder" explains the choice for admins):
// - the folder belongs to the effective user. A folder of root's or of another account is
//   refused, not taken over: a shared or pre-made folder is a set-up mistake, and writing the
//   user's log into it (or leaving root-owned files in the user's folder after a `sudo`)
//   would be worse than stopping with a clear message;
// - a symbolic link as the folder is fine (a data folder on another disk) when the link was
//   made by the user or by root and leads to a folder of the user's; a link made by anyone
//   else could be re-pointed at will;
// - the database files and config.json in it, when present, belong to the user too, and so
//   does everything else in it and in the folders in it (logs/, manifests/): the host may open
//   any of it. A symbolic link there must be the user's and lead to something of the user's
//   inside the data folder (a dangling one is refused: SQLite would create its target);
// - the folders above it are the user's or root's, and others cannot write them (unless the
//   sticky bit keeps them from renaming what is not theirs, as in /tmp): otherwise they could
//   swap the whole data folder.
// Making private only ever removes group and other permission bits; it never adds a bit (a
// read-only folder stays read-only) and never changes an owner.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cw {

// The folder or a file in it belongs to someone else, or is not a folder: the message says
// whose it is and what to do.
class DataFolderError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class CreateFolder { yes, no };

// Before use: creates the folder owner-only (0700) when missing and `create` says so;
// otherwise checks it as above and removes group/other bits from the folder (0700) and from
// the database, its -wal/-shm/-journal files and config.json (0600). When the file system
// refuses the change (a read-only mount, a FAT stick), logs a warning and goes on. Throws
// DataFolderError when the folder is not the user's, std::filesystem::filesystem_error when it
// cannot be created.
void secure_data_dir(const std::filesystem::path& dir, CreateFolder create = CreateFolder::yes);

struct DataFolderRefusal {
    std::string problem;  // whose it is, or what it is instead of a folder
    std::string fix;      // what to do
};

// Why secure_data_dir would refuse `dir`, without changing anything (for `doctor`); nullopt
// when it would use it, or when it does not exist.
std::optional<DataFolderRefusal> data_dir_refusal(const std::filesystem::path& dir);
// Every reason, for `doctor` to report each.
std::vector<DataFolderRefusal> data_dir_refusals(const std::filesystem::path& dir);

}  // namespace cw
