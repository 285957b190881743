#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

namespace cw::test {

TempDir::TempDir() {
    auto base = std::filesystem::temp_directory_path() / "cw-test-XXXXXX";
    std::string templ = base.string();
    if (!::mkdtemp(templ.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace cw::test
