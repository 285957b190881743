#include "store/wal_checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace cw {

WalCheckpointer::WalCheckpointer(const std::filesystem::path& db_path) {
    own_.emplace(db_path, sql::Connection::Mode::read_write);
    // A connection learns that the file is in WAL mode on its first read; until then a
    // checkpoint through it does nothing.
    own_->query_int("SELECT count(*) FROM sqlite_schema");
    // PASSIVE checkpoints never wait for a lock: one that meets another checkpoint gives up and
    // the next wake-up tries again.
    thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
    stop();
}

void WalCheckpointer::attach(sql::Connection& db) {
    attached_ = db.handle();
    // Replaces SQLite's automatic checkpoint (itself a commit hook) with ours.
    sqlite3_wal_hook(attached_, &WalCheckpointer::on_commit, this);
}

int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int frames) {
    auto* me = static_cast<WalCheckpointer*>(self);
    bool asked = frames >= kRestartFrames && me->restart_wanted_.exchange(false);
    if (asked || frames >= kInlineFrames) {
        // A steady stream kept the log from starting over (or the thread has not kept up):
        // copy the rest here, between two commits, so that the next commit starts it over.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        me->woken_at_ = 0;
    } else if (frames < me->woken_at_ || frames - me->woken_at_ >= kBackgroundFrames) {
        // Woken once per kBackgroundFrames new pages (the log may also have started over).
        me->woken_at_ = frames;
        std::lock_guard lock(me->mutex_);
        if (!me->pending_) {
            me->pending_ = true;
            me->wake_.notify_one();
        }
    }
    return SQLITE_OK;
}

void WalCheckpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return pending_ || stopping_; });
        if (stopping_)
            return;
        pending_ = false;
        lock.unlock();
        int log_frames = 0, copied = 0;
        int rc = sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &log_frames, &copied);
        // Just now the rest of the log is small: the best moment for the committer's checkpoint.
        if (rc == SQLITE_OK && log_frames >= kRestartFrames)
            restart_wanted_ = true;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
            spdlog::warn("checkpointing the database log failed: {}",
                         sqlite3_errmsg(own_->handle()));
        }
        lock.lock();
        ++runs_;
    }
}

void WalCheckpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return;
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable())
        thread_.join();
    own_.reset();
    if (attached_) {
        // Back to SQLite's own automatic checkpoints for whatever the connection still does.
        sqlite3_wal_autocheckpoint(attached_, 1000);
        attached_ = nullptr;
    }
}

std::int64_t WalCheckpointer::runs() const {
    std::lock_guard lock(mutex_);
    return runs_;
}

}  // namespace cw
