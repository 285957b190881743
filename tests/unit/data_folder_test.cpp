// secure_data_dir: what it makes private, what it refuses, and that it never adds a permission
// or touches anything it refused. Folders "of someone else" need root to make (chown); without
// root those cases are skipped and say so.

#include "platform/data_folder.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "temp_dir.hpp"

namespace cw {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr uid_t kOtherUser = 65534;  // nobody

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0)
        throw std::runtime_error("cannot stat " + p.string());
    return st.st_mode & 07777;
}

void make_file(const fs::path& p, unsigned mode) {
    std::ofstream(p) << "x";
    ::chmod(p.c_str(), mode);
}

void make_dir(const fs::path& p, unsigned mode) {
    fs::create_directories(p);
    ::chmod(p.c_str(), mode);
}

// lchown to another account, or false when this process cannot (not root).
bool give_away(const fs::path& p) {
    return ::geteuid() == 0 && ::lchown(p.c_str(), kOtherUser, kOtherUser) == 0;
}

// --- what it makes private -------------------------------------------------------------------

struct Tightening {
    std::string name;
    std::function<void(const fs::path& data)> prepare;
    std::map<std::string, unsigned> expected;  // path under the root -> mode afterwards
};

void PrintTo(const Tightening& t, std::ostream* os) {
    *os << t.name;
}

class DataFolderTightens : public ::testing::TestWithParam<Tightening> {};

TEST_P(DataFolderTightens, ToOwnerOnlyWithoutAddingAnyBit) {
    TempDir root;
    fs::path data = root.path() / "data";
    GetParam().prepare(data);
    ASSERT_NO_THROW(secure_data_dir(data));
    EXPECT_FALSE(data_dir_refusal(data).has_value());
    for (const auto& [path, mode] : GetParam().expected) {
        EXPECT_EQ(mode_of(root.path() / path), mode) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DataFolderTightens,
    ::testing::Values(
        Tightening{"MissingFolderIsCreatedPrivate", [](const fs::path&) {}, {{"data", 0700}}},
        Tightening{
            "OpenFolderIsClosed", [](const fs::path& d) { make_dir(d, 0777); }, {{"data", 0700}}},
        Tightening{"ReadOnlyFolderStaysReadOnly",
                   [](const fs::path& d) { make_dir(d, 0555); },
                   {{"data", 0500}}},
        Tightening{"DatabaseFilesAndConfigAreClosed",
                   [](const fs::path& d) {
                       make_dir(d, 0755);
                       make_file(d / "cookie-warden.db", 0644);
                       make_file(d / "cookie-warden.db-wal", 0666);
                       make_file(d / "cookie-warden.db-shm", 0664);
                       make_file(d / "config.json", 0640);
                       make_file(d / "choices.json", 0644);  // an export: not ours to change
                   },
                   {{"data", 0700},
                    {"data/cookie-warden.db", 0600},
                    {"data/cookie-warden.db-wal", 0600},
                    {"data/cookie-warden.db-shm", 0600},
                    {"data/config.json", 0600},
                    {"data/choices.json", 0644}}},
        Tightening{"ReadOnlyDatabaseStaysReadOnly",
                   [](const fs::path& d) {
                       make_dir(d, 0700);
                       make_file(d / "cookie-warden.db", 0444);
                   },
                   {{"data/cookie-warden.db", 0400}}},
        Tightening{"OwnLinkToOwnFolderIsFollowed",
                   [](const fs::path& d) {
                       make_dir(d.parent_path() / "elsewhere", 0755);
                       make_file(d.parent_path() / "elsewhere/cookie-warden.db", 0644);
                       fs::create_directory_symlink(d.parent_path() / "elsewhere", d);
                   },
                   {{"elsewhere", 0700}, {"elsewhere/cookie-warden.db", 0600}}}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(DataFolder, CreatesMissingParents) {
    TempDir root;
    fs::path data = root.path() / "a/b/data";
    secure_data_dir(data);
    EXPECT_EQ(mode_of(data), 0700u);
}

TEST(DataFolder, CreatesNothingWhenAskedNotTo) {
    TempDir root;
    secure_data_dir(root.path() / "data", CreateFolder::no);
    EXPECT_FALSE(fs::exists(root.path() / "data"));
}

TEST(DataFolder, RefusalCheckChangesNothing) {
    TempDir root;
    make_dir(root.path() / "data", 0755);
    make_file(root.path() / "data/cookie-warden.db", 0644);
    EXPECT_FALSE(data_dir_refusal(root.path() / "data").has_value());
    EXPECT_EQ(mode_of(root.path() / "data"), 0755u);
    EXPECT_EQ(mode_of(root.path() / "data/cookie-warden.db"), 0644u);
    EXPECT_FALSE(data_dir_refusal(root.path() / "missing").has_value());
}

// --- what it refuses ---------------------------------------------------------------------------

struct Refusal {
    std::string name;
    // Sets up root/data; returns false when it cannot (needs root).
    std::function<bool(const fs::path& data)> prepare;
    std::string says;                           // part of the message
    std::map<std::string, unsigned> untouched;  // modes that must stay as they were
};

void PrintTo(const Refusal& r, std::ostream* os) {
    *os << r.name;
}

class DataFolderRefuses : public ::testing::TestWithParam<Refusal> {};

TEST_P(DataFolderRefuses, WithAClearErrorAndChangesNothingOfTheirs) {
    TempDir root;
    fs::path data = root.path() / "data";
    if (!GetParam().prepare(data))
        GTEST_SKIP() << "needs root to give a file to another user";
    auto refusal = data_dir_refusal(data);
    ASSERT_TRUE(refusal.has_value());
    EXPECT_NE(refusal->problem.find(GetParam().says), std::string::npos) << refusal->problem;
    EXPECT_FALSE(refusal->fix.empty());
    try {
        secure_data_dir(data);
        ADD_FAILURE() << "no error";
    } catch (const DataFolderError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find(GetParam().says), std::string::npos) << message;
        EXPECT_NE(message.find(refusal->fix), std::string::npos) << message;
    }
    for (const auto& [path, mode] : GetParam().untouched) {
        EXPECT_EQ(mode_of(root.path() / path), mode) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DataFolderRefuses,
    ::testing::Values(Refusal{"FolderOfAnotherUser",
                              [](const fs::path& d) {
                                  make_dir(d, 0755);
                                  return give_away(d);
                              },
                              "uid 65534), not to you",
                              {{"data", 0755}}},
                      Refusal{"OwnLinkToAFolderOfAnotherUser",
                              [](const fs::path& d) {
                                  make_dir(d.parent_path() / "theirs", 0777);
                                  fs::create_directory_symlink(d.parent_path() / "theirs", d);
                                  return give_away(d.parent_path() / "theirs");
                              },
                              "uid 65534), not to you",
                              {{"theirs", 0777}}},
                      Refusal{"LinkMadeByAnotherUser",
                              [](const fs::path& d) {
                                  make_dir(d.parent_path() / "mine", 0755);
                                  fs::create_directory_symlink(d.parent_path() / "mine", d);
                                  return give_away(d);
                              },
                              "is a symbolic link made by ",
                              {{"mine", 0755}}},
                      Refusal{"DatabaseOfAnotherUser",
                              [](const fs::path& d) {
                                  make_dir(d, 0700);
                                  make_file(d / "cookie-warden.db", 0644);
                                  return give_away(d / "cookie-warden.db");
                              },
                              "cookie-warden.db belongs to ",
                              {{"data/cookie-warden.db", 0644}}},
                      Refusal{"DatabaseLinkedToAFileOfAnotherUser",
                              [](const fs::path& d) {
                                  make_dir(d, 0700);
                                  make_file(d.parent_path() / "theirs.db", 0644);
                                  fs::create_symlink(d.parent_path() / "theirs.db",
                                                     d / "cookie-warden.db");
                                  return give_away(d.parent_path() / "theirs.db");
                              },
                              "uid 65534), not to you",
                              {{"theirs.db", 0644}}},
                      Refusal{"FileInsteadOfAFolder",
                              [](const fs::path& d) {
                                  make_file(d, 0644);
                                  return true;
                              },
                              "is not a folder",
                              {{"data", 0644}}},
                      Refusal{"FolderInsteadOfTheDatabase",
                              [](const fs::path& d) {
                                  make_dir(d / "cookie-warden.db", 0755);
                                  return true;
                              },
                              "is not a file",
                              {{"data/cookie-warden.db", 0755}}}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cw
