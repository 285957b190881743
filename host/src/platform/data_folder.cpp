#include "platform/data_folder.hpp"

#include <spdlog/spdlog.h>

#if !defined(_WIN32)
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <system_error>
#endif

namespace cw {

namespace fs = std::filesystem;

#if defined(_WIN32)

// %LOCALAPPDATA% is private to the user by its ACL; nothing to check or tighten here yet.
void secure_data_dir(const fs::path& dir, CreateFolder create) {
    if (create == CreateFolder::yes)
        fs::create_directories(dir);
}

std::optional<DataFolderRefusal> data_dir_refusal(const fs::path&) {
    return std::nullopt;
}

#else

namespace {

// The files in the folder that hold the user's data; the log files sit in logs/, which the
// folder's own mode already closes.
constexpr std::array kPrivateFiles{"cookie-warden.db", "cookie-warden.db-wal",
                                   "cookie-warden.db-shm", "cookie-warden.db-journal",
                                   "config.json"};

// The account's name, or empty when it has none.
std::string name_of(uid_t uid) {
    struct passwd pw {};
    struct passwd* found = nullptr;
    std::array<char, 4096> buffer{};
    if (::getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &found) == 0 && found)
        return found->pw_name;
    return {};
}

std::string who(uid_t uid) {
    std::string name = name_of(uid);
    return (name.empty() ? "" : name + " ") + "(uid " + std::to_string(uid) + ")";
}

std::string quoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

std::string mode_text(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Why a folder or file with this owner is not the user's, or nullopt when it is.
std::optional<DataFolderRefusal> foreign(const fs::path& path, const struct stat& st, bool folder) {
    uid_t me = ::geteuid();
    if (st.st_uid == me)
        return std::nullopt;
    DataFolderRefusal r;
    r.problem = (folder ? "the data folder " : "") + path.string() + " belongs to " +
                who(st.st_uid) + ", not to you, " + who(me) +
                "; Cookie Warden keeps your choices and the sites you visit only in a folder "
                "of your own";
    if (st.st_uid == 0 && me != 0) {
        std::string name = name_of(me);
        r.fix = "if it was made by running Cookie Warden with sudo, give it back: sudo chown -R " +
                (name.empty() ? std::to_string(me) : name) + " " +
                quoted(folder ? path : path.parent_path());
    } else if (me == 0) {
        std::string name = name_of(st.st_uid);
        r.fix = "run Cookie Warden as its owner (sudo -u " +
                (name.empty() ? "'#" + std::to_string(st.st_uid) + "'" : name) +
                " ...), not as root";
    } else {
        r.fix = "set COOKIE_WARDEN_HOME to a folder of your own, or ask its owner to remove it";
    }
    return r;
}

// A symbolic link as the folder must have been made by the user or by root.
std::optional<DataFolderRefusal> foreign_link(const fs::path& dir) {
    struct stat lst {};
    if (::lstat(dir.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode))
        return std::nullopt;
    if (lst.st_uid == ::geteuid() || lst.st_uid == 0)
        return std::nullopt;
    return DataFolderRefusal{"the data folder " + dir.string() + " is a symbolic link made by " +
                                 who(lst.st_uid) + ", who can point it anywhere at any time",
                             "remove the link (rm " + quoted(dir) +
                                 "), or set COOKIE_WARDEN_HOME to a folder of your own"};
}

DataFolderRefusal not_private_file(const fs::path& path, const char* what) {
    return {path.string() + " is " + what,
            "move it away, or set COOKIE_WARDEN_HOME to a folder of your own"};
}

// Closes the descriptor when done.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

// Removes group/other bits; the file system may refuse (read-only, FAT), which costs the
// privacy of the folder but not its use, so it is a warning.
void tighten(int dirfd, const char* name, const fs::path& path, const struct stat& st) {
    if ((st.st_mode & 077) == 0)
        return;
    mode_t wanted = st.st_mode & 0700;
    int rc = name ? ::fchmodat(dirfd, name, wanted, 0) : ::fchmod(dirfd, wanted);
    if (rc == 0) {
        spdlog::info("made {} private (mode {} was {})", path.string(), mode_text(wanted),
                     mode_text(st.st_mode));
    } else {
        spdlog::warn("{} can be reached by other users (mode {}) and cannot be made private: {}",
                     path.string(), mode_text(st.st_mode),
                     std::error_code(errno, std::generic_category()).message());
    }
}

// Checks and, when `change`, tightens an existing folder. Returns the refusal, if any.
std::optional<DataFolderRefusal> check(const fs::path& dir, bool change) {
    if (auto link = foreign_link(dir))
        return link;
    // Through a descriptor, so that what is checked is what gets changed, and the files are
    // looked up inside that very folder.
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOTDIR)
            return not_private_file(dir, "not a folder");
        throw fs::filesystem_error("cannot open the data folder", dir,
                                   std::error_code(errno, std::generic_category()));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        throw fs::filesystem_error("cannot read the data folder's owner", dir,
                                   std::error_code(errno, std::generic_category()));
    }
    if (auto refusal = foreign(dir, st, true))
        return refusal;
    if (change)
        tighten(fd.get(), nullptr, dir, st);
    for (const char* name : kPrivateFiles) {
        struct stat fst {};
        if (::fstatat(fd.get(), name, &fst, 0) != 0)
            continue;  // not there (or a dangling link, which opening reports)
        if (!S_ISREG(fst.st_mode)) {
            return not_private_file(dir / name, "not a file");
        }
        if (auto refusal = foreign(dir / name, fst, false))
            return refusal;
        if (change)
            tighten(fd.get(), name, dir / name, fst);
    }
    return std::nullopt;
}

}  // namespace

void secure_data_dir(const fs::path& dir, CreateFolder create) {
    struct stat lst {};
    if (::lstat(dir.c_str(), &lst) != 0 && errno == ENOENT) {
        if (create == CreateFolder::no)
            return;
        fs::create_directories(dir);
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
        return;
    }
    if (auto refusal = check(dir, true))
        throw DataFolderError(refusal->problem + "; " + refusal->fix + ".");
}

std::optional<DataFolderRefusal> data_dir_refusal(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec)))
        return std::nullopt;
    try {
        return check(dir, false);
    } catch (const fs::filesystem_error& e) {
        return DataFolderRefusal{e.what(), "check the folder's permissions"};
    }
}

#endif

}  // namespace cw
