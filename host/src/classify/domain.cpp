#include "classify/domain.hpp"

#include <idn2.h>
#include <libpsl.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <mutex>
#include <unordered_map>

namespace cw {

namespace {

const psl_ctx_t* psl() {
    // The newer of libpsl's built-in list and the system's (Debian's publicsuffix package).
    static const psl_ctx_t* ctx = [] {
        const psl_ctx_t* latest = psl_latest(nullptr);
        return latest ? latest : psl_builtin();
    }();
    return ctx;
}

}  // namespace

std::string normalize_host(std::string_view s) {
    if (auto scheme = s.find("://"); scheme != std::string_view::npos)
        s.remove_prefix(scheme + 3);
    if (auto path = s.find_first_of("/?#"); path != std::string_view::npos)
        s = s.substr(0, path);
    if (auto at = s.rfind('@'); at != std::string_view::npos)
        s.remove_prefix(at + 1);
    if (!s.empty() && s.front() == '[') {
        auto close = s.find(']');
        s = s.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    } else if (auto colon = s.find(':'); colon != std::string_view::npos &&
                                         s.find(':', colon + 1) == std::string_view::npos) {
        s = s.substr(0, colon);  // host:port (a bare IPv6 address has several colons)
    }
    while (!s.empty() && s.front() == '.')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == '.')
        s.remove_suffix(1);
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool ascii = std::all_of(out.begin(), out.end(), [](unsigned char c) { return c < 0x80; });
    if (ascii || out.find('\0') != std::string::npos)
        return out;
    // An internationalised name: its one ASCII form (UTS #46 mapping, so upper case and
    // compatibility forms map too). A name IDNA refuses stays as it is, for rule_key() to refuse.
    char* converted = nullptr;
    if (idn2_to_ascii_8z(out.c_str(), &converted, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) ==
        IDN2_OK) {
        out = converted;
        while (!out.empty() && out.back() == '.')
            out.pop_back();
    }
    idn2_free(converted);
    return out;
}

bool is_public_suffix(std::string_view host) {
    std::string h(host);
    if (h.empty() || h.find('\0') != std::string::npos || is_ip_address(h))
        return false;
    // Without the "*" rule, so that a single-label name (localhost) is not one.
    return psl_is_public_suffix2(psl(), h.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool is_ip_address(std::string_view host) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    return !ec;
}

std::string registrable_domain(std::string_view host) {
    std::string h = normalize_host(host);
    if (h.empty() || is_ip_address(h) || h.find('.') == std::string::npos ||
        h.find('\0') != std::string::npos)
        return h;  // a NUL would end the name early for libpsl
    const char* reg = psl_registrable_domain(psl(), h.c_str());
    return reg ? std::string(reg) : h;
}

std::string registrable_domain_cached(const std::string& host) {
    constexpr std::size_t kMaxEntries = 4096;
    // One cache for the process behind a lock, not a thread_local one: mingw-w64's emulated
    // TLS frees an ending thread's storage before it runs the destructors of its thread_local
    // objects, so a thread_local map corrupted the Windows host's heap when the catalogue
    // loader's thread ended (GCC bug 80816). The lock is not held during the lookup.
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> cache;
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(host); it != cache.end())
            return it->second;
    }
    std::string registrable = registrable_domain(host);
    std::lock_guard lock(mutex);
    if (cache.size() >= kMaxEntries)
        cache.clear();
    cache.emplace(host, registrable);
    return registrable;
}

bool is_third_party(std::string_view cookie_domain, std::string_view site) {
    return registrable_domain(cookie_domain) != registrable_domain(site);
}

bool domain_matches(std::string_view host, std::string_view domain) {
    std::string h = normalize_host(host), d = normalize_host(domain);
    if (d.empty())
        return false;
    if (h == d)
        return true;
    return h.size() > d.size() && h.compare(h.size() - d.size(), d.size(), d) == 0 &&
           h[h.size() - d.size() - 1] == '.';
}

}  // namespace cw
