// Windows: the transport's stdio streams (a blocking thread per pipe) and the process set-up
// of the host (binary stdin/stdout, a private copy of each for the frames).

#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "platform/process.hpp"
#include "stdio_stream.hpp"

namespace cw::platform {

namespace asio = boost::asio;
using boost::system::error_code;

// What the stream's thread and the io_context share. The thread outlives the stream when it
// is blocked in ReadFile at shutdown: it is detached, and `io` is cleared so that it posts
// nothing once the stream is gone (process exit ends it).
struct StdioStream::Worker {
    std::mutex mutex;
    std::condition_variable wake;
    asio::io_context* io = nullptr;
    HANDLE handle = INVALID_HANDLE_VALUE;
    int fd = -1;
    std::function<void()> job;  // run on the thread, one at a time
    bool stop = false;
    // The pending operation, completed on the io_context.
    Done done;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::uint64_t generation = 0;  // bumped by cancel(), so a late result is dropped
    // Read side.
    std::string chunk;
    asio::mutable_buffer into;

    void run() {
        std::unique_lock lock(mutex);
        while (true) {
            wake.wait(lock, [&] { return stop || job; });
            if (!job)
                return;
            auto task = std::move(job);
            job = nullptr;
            lock.unlock();
            task();
            lock.lock();
        }
    }

    // On the thread: hands the result to the io_context unless cancelled meanwhile.
    static void finish(const std::shared_ptr<Worker>& w, std::uint64_t gen, error_code ec,
                       std::size_t n) {
        std::lock_guard lock(w->mutex);
        if (!w->io || gen != w->generation)
            return;
        asio::post(*w->io, [w, gen, ec, n] { w->complete(gen, ec, n); });
    }

    // On the io_context.
    void complete(std::uint64_t gen, error_code ec, std::size_t n) {
        Done d;
        {
            std::lock_guard lock(mutex);
            if (gen != generation || !done)
                return;
            d = std::move(done);
            done = nullptr;
            work.reset();
        }
        d(ec, n);
    }
};

namespace {

error_code from_windows(DWORD err) {
    if (err == ERROR_BROKEN_PIPE || err == ERROR_HANDLE_EOF)
        return asio::error::eof;
    if (err == ERROR_NO_DATA)
        return asio::error::broken_pipe;
    if (err == ERROR_OPERATION_ABORTED)
        return asio::error::operation_aborted;
    return error_code(static_cast<int>(err), boost::system::system_category());
}

}  // namespace

StdioStream::StdioStream(asio::io_context& io, int fd)
    : io_(io), worker_(std::make_shared<Worker>()) {
    worker_->io = &io;
    worker_->fd = fd;
    worker_->handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
    std::thread([w = worker_] { w->run(); }).detach();
}

StdioStream::~StdioStream() {
    std::lock_guard lock(worker_->mutex);
    worker_->io = nullptr;
    worker_->stop = true;
    worker_->done = nullptr;
    worker_->work.reset();
    worker_->wake.notify_all();
    // The descriptor stays open: a thread may still block on it, and exit closes it.
}

void StdioStream::start_read(asio::mutable_buffer into, Done done) {
    auto w = worker_;
    std::lock_guard lock(w->mutex);
    if (!w->chunk.empty()) {  // bytes left from a read larger than the caller's buffer
        std::size_t n = asio::buffer_copy(into, asio::buffer(w->chunk));
        w->chunk.erase(0, n);
        asio::post(io_, [done = std::move(done), n] { done({}, n); });
        return;
    }
    w->done = std::move(done);
    w->work.emplace(io_.get_executor());
    w->into = into;
    std::uint64_t gen = w->generation;
    w->job = [w, gen, size = into.size()] {
        std::string bytes(size, '\0');
        DWORD got = 0;
        BOOL ok =
            ::ReadFile(w->handle, bytes.data(), static_cast<DWORD>(bytes.size()), &got, nullptr);
        DWORD err = ok ? 0 : ::GetLastError();
        if (ok && got == 0)
            err = ERROR_HANDLE_EOF;  // a file or console at its end
        std::lock_guard lock(w->mutex);
        if (!w->io || gen != w->generation)
            return;
        bytes.resize(got);
        asio::post(*w->io, [w, gen, err, bytes = std::move(bytes)] {
            std::unique_lock lock(w->mutex);
            if (gen != w->generation || !w->done)
                return;
            std::size_t n = asio::buffer_copy(w->into, asio::buffer(bytes));
            w->chunk.assign(bytes, n);
            lock.unlock();
            w->complete(gen, n > 0 ? error_code{} : from_windows(err), n);
        });
    };
    w->wake.notify_all();
}

void StdioStream::start_write(std::string bytes, Done done) {
    auto w = worker_;
    std::lock_guard lock(w->mutex);
    w->done = std::move(done);
    w->work.emplace(io_.get_executor());
    std::uint64_t gen = w->generation;
    w->job = [w, gen, bytes = std::move(bytes)] {
        std::size_t written = 0;
        DWORD err = 0;
        while (written < bytes.size()) {
            DWORD n = 0;
            if (!::WriteFile(w->handle, bytes.data() + written,
                             static_cast<DWORD>(bytes.size() - written), &n, nullptr)) {
                err = ::GetLastError();
                break;
            }
            written += n;
        }
        if (err == 0)
            ::FlushFileBuffers(w->handle);  // a no-op for pipes; files and consoles get it
        Worker::finish(w, gen, err ? from_windows(err) : error_code{}, written);
    };
    w->wake.notify_all();
}

void StdioStream::cancel() {
    Done d;
    {
        std::lock_guard lock(worker_->mutex);
        ++worker_->generation;
        worker_->job = nullptr;
        d = std::move(worker_->done);
        worker_->done = nullptr;
        worker_->work.reset();
    }
    if (d)
        asio::post(io_, [d = std::move(d)] { d(asio::error::operation_aborted, 0); });
}

void prepare_process() {
    ::_setmode(::_fileno(stdin), _O_BINARY);
    ::_setmode(::_fileno(stdout), _O_BINARY);
    ::_setmode(::_fileno(stderr), _O_BINARY);
}

std::optional<HostStdio> take_stdio() {
    int in = ::_dup(0);
    int out = ::_dup(1);
    if (in < 0 || out < 0 || ::_dup2(2, 1) != 0)
        return std::nullopt;
    ::_setmode(in, _O_BINARY);
    ::_setmode(out, _O_BINARY);
    // The Win32 standard output handle too, so nothing written through it reaches the frames.
    ::SetStdHandle(STD_OUTPUT_HANDLE, ::GetStdHandle(STD_ERROR_HANDLE));
    return HostStdio{in, out};
}

bool write_all(int fd, std::string_view bytes) {
    HANDLE h = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
    std::size_t done = 0;
    while (done < bytes.size()) {
        DWORD n = 0;
        if (!::WriteFile(h, bytes.data() + done, static_cast<DWORD>(bytes.size() - done), &n,
                         nullptr))
            return false;
        done += n;
    }
    return true;
}

}  // namespace cw::platform
