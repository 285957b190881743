#pragma once
// A program started with pipes on stdin and stdout, as a browser starts a native host. The
// load driver owns both ends; stderr goes to a file so a chatty host cannot block on it.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cw::load {

class Child {
  public:
    Child(const std::string& executable, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env, const std::filesystem::path& stderr_path);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    int input() const { return to_child_; }     // we write the child's stdin here
    int output() const { return from_child_; }  // and read its stdout here
    pid_t pid() const { return pid_; }

    // Closes the child's stdin (a browser closing the port).
    void close_input();
    // Waits for the exit; returns the status (128+signal if killed). Kills after the deadline.
    int wait(std::chrono::milliseconds deadline = std::chrono::seconds(30));
    // CPU time (user + system) the child used, in seconds; known after wait().
    double cpu_seconds() const { return cpu_seconds_; }
    // CPU time used so far (user + system, /proc/<pid>/stat, in clock ticks of 10 ms), seconds.
    double cpu_seconds_so_far() const;
    // Peak resident memory so far, in KiB (VmHWM), or -1 if it cannot be read.
    long peak_rss_kib() const;

  private:
    pid_t pid_ = -1;
    int to_child_ = -1;
    int from_child_ = -1;
    bool reaped_ = false;
    double cpu_seconds_ = 0;
};

// Writes all of `bytes`; false when the reader has gone.
bool write_all(int fd, const char* data, std::size_t size);

}  // namespace cw::load
