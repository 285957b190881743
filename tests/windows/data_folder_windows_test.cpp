// The data folder's Windows checks (platform/data_folder_windows.cpp): a folder the host makes
// is private, a folder that grants Everyone access is seen and closed (where the platform
// keeps the new ACL), and something that is not a folder is refused. Under Wine the ACLs are Wine's
// own, so this shows the code paths work on the Windows API; it is no proof about NTFS.

#include <aclapi.h>
#include <gtest/gtest.h>
#include <windows.h>

#include <fstream>

#include "platform/data_folder.hpp"
#include "temp_dir.hpp"

namespace cw {
namespace {

namespace fs = std::filesystem;

// Adds an entry that lets Everyone read the folder.
bool open_to_everyone(const fs::path& dir) {
    EXPLICIT_ACCESS_W ea{};
    ea.grfAccessPermissions = GENERIC_READ;
    ea.grfAccessMode = GRANT_ACCESS;
    ea.grfInheritance = NO_INHERITANCE;
    ea.Trustee.TrusteeForm = TRUSTEE_IS_NAME;
    ea.Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
    wchar_t everyone[] = L"EVERYONE";
    ea.Trustee.ptstrName = everyone;
    PACL old_acl = nullptr, new_acl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (::GetNamedSecurityInfoW(dir.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr,
                                nullptr, &old_acl, nullptr, &sd) != ERROR_SUCCESS)
        return false;
    bool ok = ::SetEntriesInAclW(1, &ea, old_acl, &new_acl) == ERROR_SUCCESS &&
              ::SetNamedSecurityInfoW(const_cast<wchar_t*>(dir.c_str()), SE_FILE_OBJECT,
                                      DACL_SECURITY_INFORMATION, nullptr, nullptr, new_acl,
                                      nullptr) == ERROR_SUCCESS;
    ::LocalFree(new_acl);
    ::LocalFree(sd);
    return ok;
}

TEST(WindowsDataFolder, MadeByTheHostItIsPrivate) {
    test::TempDir tmp;
    auto dir = tmp.path() / "Cookie Warden";
    secure_data_dir(dir);
    ASSERT_TRUE(fs::is_directory(dir));
    auto refusal = data_dir_refusal(dir);
    EXPECT_FALSE(refusal) << refusal->problem;
    std::ofstream(dir / "cookie-warden.db") << "x";  // inherits the folder's ACL on NTFS
    if (data_dir_refusal(dir)) {
        // Wine gives a new file the ACL of its Unix mode instead of the folder's inherited
        // one; the host closes such a file at its next start.
        EXPECT_NO_THROW(secure_data_dir(dir));
        if (auto still = data_dir_refusal(dir))
            GTEST_SKIP() << "the file did not inherit the folder's ACL and a new one did not "
                            "stick (Wine): "
                         << still->problem;
    }
}

TEST(WindowsDataFolder, AccessForEveryoneIsRemoved) {
    test::TempDir tmp;
    auto dir = tmp.path() / "open";
    fs::create_directory(dir);
    if (!open_to_everyone(dir))
        GTEST_SKIP() << "cannot change the ACL here";
    auto refusal = data_dir_refusal(dir);
    ASSERT_TRUE(refusal.has_value()) << "an ACL that lets Everyone read is seen";
    EXPECT_NE(refusal->problem.find("can be reached by"), std::string::npos) << refusal->problem;
    EXPECT_NO_THROW(secure_data_dir(dir));  // the user's own folder: closed, then used
    if (data_dir_refusal(dir))
        GTEST_SKIP() << "the new ACL did not stick (Wine keeps the ACL its Unix mode gives)";
}

TEST(WindowsDataFolder, AFileIsNotAFolder) {
    test::TempDir tmp;
    auto file = tmp.path() / "file";
    std::ofstream(file) << "x";
    EXPECT_THROW(secure_data_dir(file), DataFolderError);
}

}  // namespace
}  // namespace cw
