#include "verbs/site_policy_verb.hpp"

#include "policy/rules.hpp"
#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"
#include "wire/framing.hpp"
#include "wire/json_scan.hpp"

namespace cw {
namespace {

constexpr int kSkipDepth = kFastSkipDepth;

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// `{...}` without its closing brace, and `{...}` without its opening one.
std::string open_object(const json& j) {
    std::string text = dump(j);
    text.pop_back();
    return text;
}
std::string object_members(const json& j) {
    std::string text = dump(j);
    return text.substr(1, text.size() - 2);
}

// {"id": <integer or plain string>, "type": "site.policy", "site": "<plain string>"} with any
// other members. `id_text` is the id as the reply writes it.
bool read_request(std::string_view payload, std::string_view& id_text, std::string_view& site) {
    bool seen_site = false;
    bool ok =
        read_envelope(payload, "site.policy", id_text, [&](std::string_view key, JsonScanner& in) {
            if (key == "site")
                return once(seen_site) && in.string(site);
            return in.skip_value(kSkipDepth);
        });
    return ok && seen_site;
}

}  // namespace

RenderedPolicy render_policy(const SitePolicy& policy) {
    json all = to_json(policy);
    json first = json::object(), second = json::object(), third = json::object();
    for (auto& [key, value] : all.items()) {
        json& part = key < "id" ? first : key < "ok" ? second : third;
        part[key] = std::move(value);
    }
    return {open_object(first), object_members(second), object_members(third) + "}"};
}

SitePolicyVerb::SitePolicyVerb(std::shared_ptr<const Classifier> classifier,
                               std::shared_ptr<StoreService> service)
    : classifier_(std::move(classifier)), service_(std::move(service)) {}

const RenderedPolicy& SitePolicyVerb::answer(const std::string& host) {
    return cache_.get(host, classifier_.get(), service_->choices_generation(), [&] {
        std::string site = rule_key(host);
        return render_policy(
            site_policy(*classifier_, service_->settings(), service_->rule(site), host));
    });
}

json SitePolicyVerb::handle(const json& request) {
    const RenderedPolicy& r = answer(required_string(request, "site"));
    return json::parse(r.up_to_id + "," + r.up_to_ok + "," + r.rest);
}

bool SitePolicyVerb::serve_fast(std::string_view payload, PendingReply& reply) {
    std::string_view id_text, site;
    if (!read_request(payload, id_text, site))
        return false;
    const RenderedPolicy* r = nullptr;
    try {
        r = &answer(std::string(site));
    } catch (const std::exception&) {
        return false;  // not a site, or the build failed: the general path says so
    }
    constexpr std::string_view kId = ",\"id\":", kOk = ",\"ok\":true,";
    std::size_t size = r->up_to_id.size() + kId.size() + id_text.size() + 1 + r->up_to_ok.size() +
                       kOk.size() + r->rest.size();
    if (size > kMaxOutputFrame)
        return false;  // the general path turns it into its error
    std::string& out = reply.text;
    out.clear();
    out.reserve(size);
    out += r->up_to_id;
    out += kId;
    out += id_text;
    out += ',';
    out += r->up_to_ok;
    out += kOk;
    out += r->rest;
    reply.logged_at = std::string::npos;
    return true;
}

void register_site_policy(Dispatcher& dispatcher, std::shared_ptr<const Classifier> classifier,
                          std::shared_ptr<StoreService> service) {
    auto verb = std::make_shared<SitePolicyVerb>(std::move(classifier), std::move(service));
    dispatcher.add("site.policy", [verb](const json& request) { return verb->handle(request); });
    dispatcher.add_fast([verb](std::string_view payload, PendingReply& reply) {
        return verb->serve_fast(payload, reply);
    });
}

}  // namespace cw
