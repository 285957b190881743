// Windows: the data folder's privacy checks (data_folder.hpp) with owners and ACLs instead of
// uids and mode bits. The folder, the database files and config.json must be owned by the
// current user (GetSecurityInfo). Besides the user, only SYSTEM and the Administrators may have
// access; any other entry that grants access (Everyone, Users, another account) is removed by
// giving the object a protected DACL of those three, and when that fails the folder is refused.
// A folder the host creates gets that DACL from the start, inherited by the files made in it.

#include <aclapi.h>
#include <sddl.h>
#include <spdlog/spdlog.h>
#include <windows.h>

#include <array>
#include <memory>

#include "platform/data_folder.hpp"

namespace cw {

namespace fs = std::filesystem;

namespace {

constexpr std::array kPrivateFiles{L"cookie-warden.db", L"cookie-warden.db-wal",
                                   L"cookie-warden.db-shm", L"cookie-warden.db-journal",
                                   L"config.json"};

struct LocalFreer {
    void operator()(void* p) const { ::LocalFree(p); }
};

// The current user's SID as text (S-1-5-21-...).
std::wstring my_sid() {
    HANDLE token = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    std::array<unsigned char, 512> buffer{};
    DWORD size = 0;
    std::wstring text;
    if (::GetTokenInformation(token, TokenUser, buffer.data(), buffer.size(), &size)) {
        LPWSTR s = nullptr;
        if (::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &s)) {
            text = s;
            ::LocalFree(s);
        }
    }
    ::CloseHandle(token);
    return text;
}

std::string sid_text(PSID sid) {
    LPSTR s = nullptr;
    if (!::ConvertSidToStringSidA(sid, &s))
        return "an unknown account";
    std::string text = s;
    ::LocalFree(s);
    wchar_t name[256], domain[256];
    DWORD n = 256, d = 256;
    SID_NAME_USE use;
    if (::LookupAccountSidW(nullptr, sid, name, &n, domain, &d, &use)) {
        std::wstring w = std::wstring(domain) + L"\\" + name;
        return fs::path(w).string() + " (" + text + ")";
    }
    return text;
}

bool is_well_known_admin(PSID sid) {
    return ::IsWellKnownSid(sid, WinLocalSystemSid) ||
           ::IsWellKnownSid(sid, WinBuiltinAdministratorsSid) ||
           ::IsWellKnownSid(sid, WinCreatorOwnerSid) ||
           ::IsWellKnownSid(sid, WinCreatorOwnerRightsSid);
}

bool same_sid(PSID sid, const std::wstring& text) {
    PSID other = nullptr;
    if (!::ConvertStringSidToSidW(text.c_str(), &other))
        return false;
    bool same = ::EqualSid(sid, other);
    ::LocalFree(other);
    return same;
}

// The protected DACL of the user, SYSTEM and the Administrators, inherited by what is inside.
std::unique_ptr<void, LocalFreer> private_descriptor(const std::wstring& me) {
    std::wstring sddl = L"D:P(A;OICI;FA;;;" + me + L")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &sd,
                                                                nullptr))
        return nullptr;
    return std::unique_ptr<void, LocalFreer>(sd);
}

struct Inspection {
    std::optional<DataFolderRefusal> refusal;  // not the user's
    std::string others;                        // who else has access, or empty
};

Inspection inspect(const fs::path& path, const std::wstring& me, bool folder) {
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    DWORD rc = ::GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT,
                                       OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                       &owner, nullptr, &dacl, nullptr, &sd);
    if (rc != ERROR_SUCCESS) {
        throw fs::filesystem_error("cannot read the owner and ACL", path,
                                   std::error_code(static_cast<int>(rc), std::system_category()));
    }
    std::unique_ptr<void, LocalFreer> hold(sd);
    Inspection result;
    if (!owner || !same_sid(owner, me)) {
        result.refusal = DataFolderRefusal{
            (folder ? "the data folder " : "") + path.string() + " belongs to " +
                (owner ? sid_text(owner) : std::string("no one")) +
                ", not to you; Cookie Warden keeps your choices and the sites you visit only in "
                "a folder of your own",
            "set COOKIE_WARDEN_HOME to a folder of your own, or ask its owner to remove it"};
        return result;
    }
    if (!dacl) {
        result.others = "everyone (it has no access list)";
        return result;
    }
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        ACE_HEADER* ace = nullptr;
        if (!::GetAce(dacl, i, reinterpret_cast<void**>(&ace)) ||
            ace->AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue;
        auto* allowed = reinterpret_cast<ACCESS_ALLOWED_ACE*>(ace);
        PSID sid = &allowed->SidStart;
        if (allowed->Mask == 0 || same_sid(sid, me) || is_well_known_admin(sid))
            continue;
        result.others += (result.others.empty() ? "" : ", ") + sid_text(sid);
    }
    return result;
}

// Checks one object and, when `change`, closes it to others. Returns the refusal, if any.
std::optional<DataFolderRefusal> check_one(const fs::path& path, const std::wstring& me,
                                           bool folder, bool change) {
    Inspection seen = inspect(path, me, folder);
    if (seen.refusal || seen.others.empty())
        return seen.refusal;
    if (change) {
        auto sd = private_descriptor(me);
        PACL dacl = nullptr;
        BOOL present = FALSE, defaulted = FALSE;
        if (sd && ::GetSecurityDescriptorDacl(sd.get(), &present, &dacl, &defaulted) &&
            ::SetNamedSecurityInfoW(const_cast<wchar_t*>(path.c_str()), SE_FILE_OBJECT,
                                    DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                    nullptr, nullptr, dacl, nullptr) == ERROR_SUCCESS) {
            spdlog::info("made {} private (it gave access to {})", path.string(), seen.others);
            return std::nullopt;
        }
    }
    return DataFolderRefusal{path.string() + " can be reached by " + seen.others,
                             "remove those entries in its Properties > Security, or set "
                             "COOKIE_WARDEN_HOME to a folder of your own"};
}

std::optional<DataFolderRefusal> check(const fs::path& dir, bool change) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return DataFolderRefusal{dir.string() + " is not a folder",
                                 "move it away, or set COOKIE_WARDEN_HOME to a folder of your own"};
    }
    std::wstring me = my_sid();
    if (auto refusal = check_one(dir, me, true, change))
        return refusal;
    for (const wchar_t* name : kPrivateFiles) {
        fs::path file = dir / name;
        if (!fs::exists(file, ec))
            continue;
        if (!fs::is_regular_file(file, ec)) {
            return DataFolderRefusal{
                file.string() + " is not a file",
                "move it away, or set COOKIE_WARDEN_HOME to a folder of your own"};
        }
        if (auto refusal = check_one(file, me, false, change))
            return refusal;
    }
    return std::nullopt;
}

}  // namespace

void secure_data_dir(const fs::path& dir, CreateFolder create) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        if (create == CreateFolder::no)
            return;
        if (dir.has_parent_path())
            fs::create_directories(dir.parent_path());
        auto sd = private_descriptor(my_sid());
        SECURITY_ATTRIBUTES sa{sizeof sa, sd.get(), FALSE};
        if (!::CreateDirectoryW(dir.c_str(), sd ? &sa : nullptr) &&
            ::GetLastError() != ERROR_ALREADY_EXISTS) {
            throw fs::filesystem_error(
                "cannot create the data folder", dir,
                std::error_code(static_cast<int>(::GetLastError()), std::system_category()));
        }
        return;
    }
    if (auto refusal = check(dir, true))
        throw DataFolderError(refusal->problem + "; " + refusal->fix + ".");
}

std::optional<DataFolderRefusal> data_dir_refusal(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return std::nullopt;
    try {
        return check(dir, false);
    } catch (const fs::filesystem_error& e) {
        return DataFolderRefusal{e.what(), "check the folder's Properties > Security"};
    }
}

}  // namespace cw
