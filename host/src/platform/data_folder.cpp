#include "platform/data_folder.hpp"

#include <spdlog/spdlog.h>

#if !defined(_WIN32)
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

std::vector<DataFolderRefusal> data_dir_refusals(const fs::path&) {
    return {};
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

// A group the user alone is in (Debian's user private groups): its write bit is the user's.
bool private_group(gid_t gid) {
    if (gid != ::getegid())
        return false;
    struct group gr {};
    struct group* found = nullptr;
    std::array<char, 16384> buffer{};
    if (::getgrgid_r(gid, &gr, buffer.data(), buffer.size(), &found) != 0 || !found)
        return false;
    std::string me = name_of(::geteuid());
    for (char** member = found->gr_mem; member && *member; ++member) {
        if (me != *member)
            return false;
    }
    return true;
}

// Whoever can write a folder above the data folder can rename the data folder away and put
// another in its place: each must be the user's or root's, and closed to others unless its
// sticky bit keeps them from renaming what is not theirs (/tmp).
std::optional<DataFolderRefusal> loose_parent(const fs::path& dir) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    if (ec)
        return std::nullopt;  // opening the folder reports it
    uid_t me = ::geteuid();
    for (fs::path p = real.parent_path();; p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            if (p == p.parent_path())
                break;
            continue;  // not made yet: secure_data_dir makes it
        }
        bool shared_write =
            (st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && !private_group(st.st_gid));
        if (st.st_uid != me && st.st_uid != 0) {
            return DataFolderRefusal{"the folder " + p.string() +
                                         " above the data folder belongs to " + who(st.st_uid) +
                                         ", who can replace the data folder",
                                     "set COOKIE_WARDEN_HOME to a folder in your home folder"};
        }
        if (shared_write && !(st.st_mode & S_ISVTX)) {
            return DataFolderRefusal{
                "others can write the folder " + p.string() + " above the data folder (mode " +
                    mode_text(st.st_mode) + ") and so replace the data folder",
                "chmod go-w " + quoted(p) + ", or set COOKIE_WARDEN_HOME to a folder of your own"};
        }
        if (p == p.parent_path())
            break;
    }
    return std::nullopt;
}

// The names of the entries of an open folder.
std::vector<std::string> entries(int dirfd) {
    std::vector<std::string> out;
    int copy = ::dup(dirfd);
    if (copy < 0)
        return out;
    DIR* d = ::fdopendir(copy);
    if (!d) {
        ::close(copy);
        return out;
    }
    ::rewinddir(d);
    while (auto* e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
            out.emplace_back(e->d_name);
        if (out.size() > 10'000)
            break;  // a bound on the time a check takes; the first 10,000 are checked
    }
    ::closedir(d);
    return out;
}

bool is_private_file_name(const std::string& name) {
    for (const char* f : kPrivateFiles) {
        if (name == f)
            return true;
    }
    return false;
}

// A symbolic link in the folder: the user's own, leading to something of the user's inside the
// folder. Otherwise whoever made it, or whoever owns what it leads to, decides what the host
// reads or writes.
std::optional<DataFolderRefusal> bad_link(const fs::path& path, const struct stat& lst,
                                          const fs::path& real_root) {
    if (lst.st_uid != ::geteuid()) {
        return DataFolderRefusal{path.string() + " is a symbolic link made by " + who(lst.st_uid) +
                                     ", who can point it anywhere at any time",
                                 "remove it (rm " + quoted(path) + ")"};
    }
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved)) {
        return DataFolderRefusal{path.string() + " is a symbolic link to nothing",
                                 "remove it (rm " + quoted(path) + ")"};
    }
    fs::path target(resolved);
    struct stat st {};
    if (::stat(resolved, &st) == 0) {
        if (auto refusal = foreign(target, st, false))
            return refusal;
    }
    auto rel = target.lexically_relative(real_root);
    if (rel.empty() || *rel.begin() == "..") {
        return DataFolderRefusal{path.string() +
                                     " is a symbolic link leading out of the data folder, to " +
                                     target.string(),
                                 "remove it (rm " + quoted(path) + ")"};
    }
    return std::nullopt;
}

// Every entry of the folder and of the folders in it (logs/, manifests/), as the host may open
// any of them: the user's, no link that leads out or is someone else's, closed to others
// (when `change`; the database files and config.json must be files).
std::optional<DataFolderRefusal> check_entries(int dirfd, const fs::path& dir,
                                               const fs::path& real_root, int depth, bool change,
                                               std::vector<DataFolderRefusal>* all) {
    for (const auto& name : entries(dirfd)) {
        fs::path path = dir / name;
        struct stat lst {};
        if (::fstatat(dirfd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) != 0)
            continue;  // gone meanwhile
        std::optional<DataFolderRefusal> refusal;
        if (S_ISLNK(lst.st_mode)) {
            refusal = bad_link(path, lst, real_root);
        } else if (auto foreign_entry = foreign(path, lst, false)) {
            refusal = foreign_entry;
        } else if (depth == 0 && is_private_file_name(name) && !S_ISREG(lst.st_mode)) {
            refusal = not_private_file(path, "not a file");
        } else if (S_ISREG(lst.st_mode) || S_ISDIR(lst.st_mode)) {
            // What the host writes is closed to others; an export beside it is the user's
            // business.
            bool ours =
                depth > 0 || is_private_file_name(name) || name == "logs" || name == "manifests";
            if (change && ours)
                tighten(dirfd, name.c_str(), path, lst);
            if (S_ISDIR(lst.st_mode) && depth < 1) {
                Fd sub(::openat(dirfd, name.c_str(),
                                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
                if (sub.get() >= 0)
                    refusal = check_entries(sub.get(), path, real_root, depth + 1, change, all);
            }
        }
        if (refusal) {
            if (!all)
                return refusal;
            all->push_back(*refusal);
        }
    }
    return std::nullopt;
}

// Checks and, when `change`, tightens an existing folder. Returns the refusal, if any; with
// `all`, collects every refusal there instead (for doctor).
std::optional<DataFolderRefusal> check(const fs::path& dir, bool change,
                                       std::vector<DataFolderRefusal>* all = nullptr) {
    if (auto link = foreign_link(dir))
        return link;
    if (auto parent = loose_parent(dir))
        return parent;
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
    std::error_code ec;
    fs::path real_root = fs::canonical(dir, ec);
    if (ec)
        real_root = dir;
    return check_entries(fd.get(), dir, real_root, 0, change, all);
}

}  // namespace

void secure_data_dir(const fs::path& dir, CreateFolder create) {
    struct stat lst {};
    if (::lstat(dir.c_str(), &lst) != 0 && errno == ENOENT) {
        if (create == CreateFolder::no)
            return;
        if (auto parent = loose_parent(dir))
            throw DataFolderError(parent->problem + "; " + parent->fix + ".");
        fs::create_directories(dir);
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
        return;
    }
    if (auto refusal = check(dir, true))
        throw DataFolderError(refusal->problem + "; " + refusal->fix + ".");
}

std::optional<DataFolderRefusal> data_dir_refusal(const fs::path& dir) {
    auto all = data_dir_refusals(dir);
    if (all.empty())
        return std::nullopt;
    return all.front();
}

std::vector<DataFolderRefusal> data_dir_refusals(const fs::path& dir) {
    std::vector<DataFolderRefusal> all;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec)))
        return all;
    try {
        if (auto refusal = check(dir, false, &all))
            all.insert(all.begin(), *refusal);
    } catch (const fs::filesystem_error& e) {
        all.push_back({e.what(), "check the folder's permissions"});
    }
    return all;
}

#endif

}  // namespace cw
