#pragma once
// Copies the database's write-ahead log back into the database file on a thread of its own.
//
// SQLite's automatic checkpoint runs inside the commit that takes the log past 1000 pages: the
// host would stop answering while it copies pages and waits for two fsyncs (tens of
// milliseconds on a busy disk), and under a stream of cookie events that happens several times
// a second. Here the host's connection only notes how long the log has grown; this thread runs
// PASSIVE checkpoints (they never block the host's reads or writes) through its own connection.
//
// SQLite starts the log over only after a checkpoint has copied all of it, which a steady
// stream of commits can keep from happening; then the host's connection checkpoints between
// two of its commits (see kRestartFrames), so the log file stays bounded.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "store/sqlite.hpp"

namespace cw {

class WalCheckpointer {
  public:
    // The thread is woken each time the log has grown by this many pages (2 MiB). A checkpoint
    // copies each page once however often the log holds it and costs two fsyncs, so a longer
    // stretch copies the pages that every batch touches (the newest rows, the index leaves of
    // busy sites) fewer times; a shorter one leaves less for the commit-path checkpoint below
    // to sync.
    static constexpr int kBackgroundFrames = 512;
    // Under a steady stream of commits a background checkpoint never copies all of the log
    // (new pages arrive while it runs), and SQLite starts the log over only after one that
    // did. The committing connection can: its checkpoint runs between its own commits. It
    // stalls the replies waiting for that commit for three fsyncs, short when the background
    // has just copied nearly everything. So past kRestartFrames (32 MiB) the thread, after each
    // of its checkpoints, asks the committing connection to checkpoint at its next commit; past
    // kInlineFrames (64 MiB) that connection checkpoints at every commit until the log starts
    // over, so the file stays bounded even if the thread falls behind. Ordinary browsing leaves
    // gaps in which a background checkpoint completes, and the log starts over long before.
    static constexpr int kRestartFrames = 8192;
    static constexpr int kInlineFrames = 16384;

    // Opens its own connection to `db_path` (which must exist); throws sql::SqliteError.
    explicit WalCheckpointer(const std::filesystem::path& db_path);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Takes over the checkpoints of `db`, the host's connection to the same file. `db` must
    // outlive this object or be detached by stop().
    void attach(sql::Connection& db);
    // Ends the thread and closes its connection (idempotent). Call it before the host's
    // connection closes: closing that one, the last, then checkpoints and removes the log.
    void stop();

    // Background checkpoints run so far (for tests and diagnostics).
    std::int64_t runs() const;

  private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
    void run();

    std::optional<sql::Connection> own_;
    sqlite3* attached_ = nullptr;
    int woken_at_ = 0;  // log pages at the last wake-up (touched by the committing thread only)
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    std::atomic<bool> restart_wanted_{false};  // set by the thread, taken by the committer
    bool stopping_ = false;
    std::int64_t runs_ = 0;
    std::thread thread_;
};

}  // namespace cw
