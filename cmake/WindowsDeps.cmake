# The libraries of the Windows cross build, as the same targets that find_package() and
# pkg-config give the Linux build: Debian's header-only libraries (through the include folder
# installers/windows/build-deps.sh makes) and SQLite, libpsl and libidn2 built from Debian's
# sources.
set(CW_WINDOWS_DEPS "${PROJECT_SOURCE_DIR}/build/windows/deps"
    CACHE PATH "Prefix made by installers/windows/build-deps.sh")
if(NOT EXISTS "${CW_WINDOWS_DEPS}/lib/libidn2.a")
    message(FATAL_ERROR "No Windows libraries in ${CW_WINDOWS_DEPS}: run installers/windows/build-deps.sh")
endif()
set(CW_WINDOWS_INCLUDE "${CW_WINDOWS_DEPS}/include")

add_library(cw_windows_headers INTERFACE)
target_include_directories(cw_windows_headers SYSTEM INTERFACE "${CW_WINDOWS_INCLUDE}")

add_library(Boost::headers ALIAS cw_windows_headers)
add_library(nlohmann_json::nlohmann_json ALIAS cw_windows_headers)
add_library(CLI11::CLI11 ALIAS cw_windows_headers)

# spdlog and fmt in header-only mode (Debian's spdlog is configured for an external fmt).
add_library(cw_windows_spdlog INTERFACE)
target_link_libraries(cw_windows_spdlog INTERFACE cw_windows_headers)
target_compile_definitions(cw_windows_spdlog INTERFACE FMT_HEADER_ONLY)
add_library(spdlog::spdlog ALIAS cw_windows_spdlog)

add_library(cw_windows_sqlite STATIC IMPORTED)
set_target_properties(cw_windows_sqlite PROPERTIES
    IMPORTED_LOCATION "${CW_WINDOWS_DEPS}/lib/libsqlite3.a"
    INTERFACE_INCLUDE_DIRECTORIES "${CW_WINDOWS_INCLUDE}")
add_library(PkgConfig::SQLITE3 ALIAS cw_windows_sqlite)

add_library(cw_windows_psl STATIC IMPORTED)
set_target_properties(cw_windows_psl PROPERTIES
    IMPORTED_LOCATION "${CW_WINDOWS_DEPS}/lib/libpsl.a"
    INTERFACE_INCLUDE_DIRECTORIES "${CW_WINDOWS_INCLUDE}"
    INTERFACE_COMPILE_DEFINITIONS PSL_STATIC
    INTERFACE_LINK_LIBRARIES ws2_32)  # libpsl parses IP addresses with Winsock
add_library(PkgConfig::LIBPSL ALIAS cw_windows_psl)

add_library(cw_windows_idn2 STATIC IMPORTED)
set_target_properties(cw_windows_idn2 PROPERTIES
    IMPORTED_LOCATION "${CW_WINDOWS_DEPS}/lib/libidn2.a"
    INTERFACE_INCLUDE_DIRECTORIES "${CW_WINDOWS_INCLUDE}"
    INTERFACE_COMPILE_DEFINITIONS IDN2_STATIC)
add_library(PkgConfig::LIBIDN2 ALIAS cw_windows_idn2)

set(VALIJSON_INCLUDE_DIR "${CW_WINDOWS_INCLUDE}")
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
# Winsock for Asio, the security and registry APIs for the data folder and `doctor`.
target_link_libraries(cw_windows_headers INTERFACE ws2_32 mswsock advapi32)
# _POSIX_THREAD_SAFE_FUNCTIONS: mingw-w64's gmtime_r and localtime_r.
target_compile_definitions(cw_windows_headers INTERFACE _WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN
                                                         NOMINMAX _POSIX_THREAD_SAFE_FUNCTIONS=200112L)

# GoogleTest from Debian's sources (libgtest-dev ships them in /usr/src/googletest).
function(cw_windows_gtest)
    set(src "${CW_WINDOWS_DEPS}/googletest-src/googletest")
    add_library(cw_gtest STATIC "${src}/src/gtest-all.cc")
    target_include_directories(cw_gtest SYSTEM PUBLIC "${src}/include" PRIVATE "${src}")
    target_link_libraries(cw_gtest PUBLIC Threads::Threads)
    add_library(cw_gtest_main STATIC "${src}/src/gtest_main.cc")
    target_link_libraries(cw_gtest_main PUBLIC cw_gtest)
    add_library(GTest::gtest ALIAS cw_gtest)
    add_library(GTest::gtest_main ALIAS cw_gtest_main)
endfunction()
