#pragma once
// What retention leaves behind, removed: names (sites, cookie names, domains...) that no
// logged event refers to any more, the pages they took (zeroed by secure_delete, then handed
// back to the file system by an incremental vacuum) and the copies in the write-ahead log
// (a TRUNCATE checkpoint). Runs on a connection of its own, off the host's event loop: the
// long part reads a snapshot and holds no lock; the deletions are short write transactions.

#include <cstdint>
#include <filesystem>

namespace cw {

struct MaintenanceResult {
    std::int64_t names_forgotten = 0;
    bool vacuumed = false;      // free pages returned to the file system
    bool checkpointed = false;  // the write-ahead log was emptied
};

// Throws sql::SqliteError when the database cannot be opened or read.
MaintenanceResult forget_unused_names_and_reclaim(const std::filesystem::path& db_path);

}  // namespace cw
