#pragma once
// The verdict for one cookie (docs/design.md, "Precedence"). Precedence, first match wins:
//   1. site mode block-all            → remove   rule "site:<site>/block-all"
//   2. site mode allow-all            → allow    rule "site:<site>/allow-all"
//   3. third-party cookie while third-party cookies are blocked (site override, else global),
//      unless its registrable domain is on the site's allow-list
//                                     → remove   rule "site:<site>/third-party" or "third-party"
//   4. category denied (site, else global; necessary is never denied)
//                                     → remove   rule "site:<site>/<category>" or
//                                     "global/<category>"
//   5. lifetime session (site, else global) and a persistent cookie
//                                     → session  rule "site:<site>/lifetime-session" or
//                                                     "global/lifetime-session"
//   6. otherwise                      → allow    rule "site:<site>/allow-third-party:<domain>" when
//      the allow-list let it through, "site:<site>/third-party-allowed" when the site allows
//      third-party cookies and the cookie is one, else "site:<site>/<category>" or
//      "global/<category>" for the category choice that allowed it.
// docs/store.md lists the same rule names for people.

#include <string>
#include <string_view>

#include "classify/classification.hpp"
#include "policy/rules.hpp"

namespace cw {

// `blocked` is never a verdict: it is what the log says when a denied cookie was kept out of
// the jar before it was stored (cookie.incoming).
enum class Action { allow, remove, session, blocked };
std::string_view to_string(Action a);
std::optional<Action> parse_action(std::string_view text);

struct Verdict {
    Action action = Action::allow;
    std::string rule;
    std::string reason;  // one sentence for people
};

// `site` is the registrable domain of the top-level site; `rule` is its site rule or null;
// `cookie_domain` is the registrable domain of the cookie; `persistent` is true for a cookie
// with an expiry date.
Verdict decide(const Settings& settings, const SiteRule* rule, std::string_view site,
               const Classification& c, std::string_view cookie_domain, bool persistent);

}  // namespace cw
