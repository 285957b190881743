#pragma once
// Host names and registrable domains. Registrable domains come from the Public Suffix List
// through libpsl: lifeindenmark.borger.dk belongs to borger.dk, and kk.dk is not "dk".

#include <string>
#include <string_view>

namespace cw {

// Lower-case host without a leading or trailing dot, IPv6 brackets, port, scheme or path:
// "https://WWW.Borger.dk:443/x" and ".www.borger.dk" both give "www.borger.dk". An
// internationalised name becomes its IDNA ASCII form: "KØBENHAVN.DK" gives
// "xn--kbenhavn-54a.dk", as does "xn--kbenhavn-54a.dk" itself.
std::string normalize_host(std::string_view host_or_url);

// The registrable domain (public suffix plus one label) of a host or cookie domain. An IP
// address, a single-label name (localhost) or a bare public suffix is returned as it is.
std::string registrable_domain(std::string_view host);

// The same for a host that normalize_host() gave, remembered: a libpsl lookup costs about as
// much as the rest of a classification, and a browser's cookies come from a limited set of
// domains. Safe from any thread (one cache behind a lock); bounded, so that a long session
// cannot grow it without limit.
std::string registrable_domain_cached(const std::string& normalized_host);

// True when a cookie of `cookie_domain` is third-party on top-level site `site`: their
// registrable domains differ.
bool is_third_party(std::string_view cookie_domain, std::string_view site);

// True when `host` is `domain` or a subdomain of it (both normalised first).
bool domain_matches(std::string_view host, std::string_view domain);

bool is_ip_address(std::string_view host);

// True for a public suffix (dk, co.uk, github.io: a name shared by many sites), by the Public
// Suffix List without its catch-all rule, so that a single-label name is not one.
bool is_public_suffix(std::string_view host);

}  // namespace cw
