#include "verbs/features.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <memory>

#include "classify/classifier.hpp"
#include "verbs/classify_verbs.hpp"
#include "verbs/cookie_events.hpp"
#include "verbs/declaration_verbs.hpp"
#include "verbs/hello.hpp"
#include "verbs/log_verbs.hpp"
#include "verbs/rule_verbs.hpp"
#include "verbs/site_policy_verb.hpp"
#include "verbs/site_verbs.hpp"
#include "verbs/temporary_rules.hpp"
#include "wire/text.hpp"

namespace cw {
namespace {

HelloInfo hello_info(std::shared_ptr<const Classifier> classifier,
                     std::shared_ptr<StoreService> service) {
    HelloInfo hello;
    hello.manifest_count = [classifier] { return classifier->manifest_count(); };
    hello.catalogue_count = [classifier] { return classifier->catalogue_count(); };
    hello.on_hello = [service](const std::string& browser, const std::string&) {
        if (!browser.empty())
            service->browser = std::string(cut_utf8(browser, 64));
    };
    return hello;
}

}  // namespace

StoreFeature install_features(Dispatcher& dispatcher, boost::asio::io_context& io,
                              const std::filesystem::path& db_path,
                              const std::vector<std::filesystem::path>& manifest_dirs,
                              PushFn push) {
    // The two slow parts of a start run side by side: parsing the catalogue and manifests
    // (CPU) on a thread of their own, opening the database (mostly waiting for the disk:
    // creating one takes several fsyncs) here. No request is served before both are done.
    auto learned = std::make_shared<LearnedDeclarations>();
    auto loading = std::async(std::launch::async, [&manifest_dirs, learned] {
        Classifier classifier = Classifier::load(manifest_dirs);
        classifier.use_declarations(learned);
        return std::make_shared<const Classifier>(std::move(classifier));
    });
    // Should this throw, the future's destructor waits for the thread (it reads manifest_dirs).
    StoreFeature store = open_store(io, std::move(push), db_path);
    std::shared_ptr<const Classifier> classifier = loading.get();
    ClassifyFn classify = [classifier](std::string_view site, const CookieFacts& cookie) {
        return classifier->classify(site, cookie);
    };

    // The table of verbs: every verb the host answers is registered here, once.
    StoreService& service = *store.service;
    register_hello(dispatcher, hello_info(classifier, store.service));  // hello
    register_classify_verbs(dispatcher, classifier);                    // classify, manifests.list
    register_cookie_events(dispatcher, service, classify);        // cookie.changed|incoming|recheck
    register_site_policy(dispatcher, classifier, store.service);  // site.policy
    register_rule_verbs(dispatcher, service);                     // rules.*, settings.*
    register_log_verbs(dispatcher, service);                      // log.query, stats
    register_site_verbs(dispatcher, *store.sites, service);       // site.visit, site.leave
    // declaration.learned. Learned declarations follow the rules revision: loaded now, and
    // again whenever this or another process changes rules, settings or declarations.
    service.on_reload = [learned](Store& s) { load_learned(s, *learned); };
    if (Store* s = service.store()) {
        try {
            load_learned(*s, *learned);
        } catch (const std::exception& e) {
            spdlog::error("cannot load the learned declarations: {}", e.what());
        }
    }
    register_declaration_verbs(dispatcher, learned, store.service);
    register_temporary_verbs(dispatcher, *store.temporary, service);  // rules.temporary
    return store;
}

}  // namespace cw
