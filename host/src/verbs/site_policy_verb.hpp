#pragma once
// The verb `site.policy` as the host serves it: answers kept per site (SitePolicyCache) as
// rendered text, and a fast path that reads a plain request straight from the frame and splices
// the request's id into the kept text, so a repeated question costs a copy of the answer. The
// general path (any other request: escapes, a float id, extra nesting...) answers from the same
// cache. tests/unit/site_policy_verb_test.cpp holds the two paths to the same replies.

#include <memory>
#include <string>
#include <string_view>

#include "classify/classifier.hpp"
#include "policy/site_policy.hpp"
#include "policy/site_policy_cache.hpp"
#include "wire/reply.hpp"

namespace cw {

class StoreService;

// A policy reply in three pieces, around where the reply's `id` and `ok` go (nlohmann writes
// an object's keys in order: denied, host, id, manifest, mode, ok, rules, site, truncated).
struct RenderedPolicy {
    std::string up_to_id;  // {"denied":[...],"host":"..."
    std::string up_to_ok;  // "manifest":"...","mode":"..."
    std::string rest;      // "rules":[...],"site":"...","truncated":false}  (no opening brace)
};

RenderedPolicy render_policy(const SitePolicy& policy);

class SitePolicyVerb {
  public:
    SitePolicyVerb(std::shared_ptr<const Classifier> classifier,
                   std::shared_ptr<StoreService> service);

    // The general path: the request parsed; returns the result or throws ProtocolError.
    json handle(const json& request);
    // The fast path (Dispatcher::FastHandler): false, having changed nothing, for a request it
    // does not take or whose site is not a site (the general path then words the error).
    bool serve_fast(std::string_view payload, PendingReply& reply);

  private:
    const RenderedPolicy& answer(const std::string& site);

    std::shared_ptr<const Classifier> classifier_;
    std::shared_ptr<StoreService> service_;
    SitePolicyCache<RenderedPolicy> cache_;
};

class Dispatcher;

// Registers `site.policy` on the dispatcher, answered by a SitePolicyVerb.
void register_site_policy(Dispatcher& dispatcher, std::shared_ptr<const Classifier> classifier,
                          std::shared_ptr<StoreService> service);

}  // namespace cw
