// cookie-warden manifests forget SITE | draft SITE [--out FILE] | add FILE [--force], and the
// learned declarations that `manifests list` and `classify` use (docs/declarations.md).

#include "manifests_cmd.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>

#include "classify/embedded.hpp"
#include "classify/manifest_draft.hpp"
#include "classify/manifest_loader.hpp"
#include "platform/data_folder.hpp"
#include "platform/paths.hpp"
#include "policy/rules.hpp"
#include "store/store_declarations.hpp"
#include "store_cli.hpp"
#include "verbs/declaration_verbs.hpp"
#include "wire/json_schema.hpp"

namespace cw::cli {
namespace {

// At most this many of the site's newest log events are read for a draft.
constexpr int kDraftEvents = 20000;

std::string today_utc() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[11];
    std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
    return out;
}

// The site's cookies in the log, newest first, one per name and domain.
std::vector<ObservedCookie> observed_on(Store& store, const std::string& site) {
    std::vector<ObservedCookie> out;
    std::set<std::pair<std::string, std::string>> seen;
    LogQuery q;
    q.site = site;
    int read = 0;
    while (read < kDraftEvents) {
        q.limit = 500;
        auto page = store.query(q);
        for (const auto& e : page) {
            if (seen.emplace(e.name, e.domain).second)
                out.push_back({e.name, e.domain, e.category, e.source, e.vendor, e.third_party});
        }
        read += static_cast<int>(page.size());
        if (page.size() < 500)
            break;
        q.before_id = page.back().id;
    }
    return out;
}

int run_forget(const std::string& site_arg) {
    return guarded([&] {
        std::string site = rule_key(site_arg);
        auto store = open_store();
        if (!forget_declaration(*store, site)) {
            std::cerr << "cookie-warden: no learned declaration for " << site << "\n";
            return 1;
        }
        std::cout << "forgot the learned declaration of " << site << "\n";
        return 0;
    });
}

int run_draft(const std::string& site_arg, const std::string& out_file) {
    return guarded([&] {
        std::string site = rule_key(site_arg);
        auto store = open_store();
        std::optional<Declaration> declaration;
        for (auto& d : load_declarations(*store)) {
            if (d.site == site)
                declaration = std::move(d);
        }
        auto observed = observed_on(*store, site);
        if (!declaration && observed.empty()) {
            throw std::runtime_error("nothing is known about " + site +
                                     ": no learned declaration and no cookies in the log");
        }
        // What the classifier makes of each declared cookie: a tracker declared necessary is
        // drafted as what it is known as.
        Overruled overruled;
        if (declaration) {
            Classifier classifier = Classifier::load(user_manifest_dirs());
            attach_learned(classifier);
            for (const auto& d : declaration->cookies) {
                CookieFacts facts;
                facts.name = d.name;
                facts.domain = d.domain.empty() ? site : d.domain;
                Classification c = classifier.classify(site, facts);
                if (c.declared)
                    overruled.emplace(d.name, std::move(c));
            }
        }
        json draft = draft_manifest(site, declaration ? &*declaration : nullptr, observed,
                                    today_utc(), overruled);
        // The draft must be what `manifests add` accepts; a failure here is our bug.
        auto problems = embedded::schema("manifest.schema.json").validate(draft);
        if (!problems.empty())
            throw std::runtime_error("the draft is not a valid manifest: " + describe(problems));
        std::string text = draft.dump(2) + "\n";
        if (out_file.empty()) {
            std::cout << text;
            return 0;
        }
        std::ofstream f(out_file, std::ios::binary | std::ios::trunc);
        if (!(f << text) || !f.flush())
            throw std::runtime_error("cannot write " + out_file);
        std::cerr << "wrote a draft manifest for " << site << " to " << out_file
                  << " (review it, then: cookie-warden manifests add " << out_file << ")\n";
        return 0;
    });
}

int run_add(const std::string& file, bool force) {
    auto problems = validate_manifest_file(file);
    if (!problems.empty()) {
        for (const auto& p : problems)
            std::cerr << to_string(p) << "\n";
        return 1;
    }
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string site = json::parse(text).at("site").get<std::string>();
    auto dir = data_dir();
    secure_data_dir(dir);
    auto folder = manifest_dirs(dir).front();
    std::filesystem::create_directories(folder);
    auto target = folder / (site + ".json");
    if (std::filesystem::exists(target) && !force) {
        std::cerr << "cookie-warden: " << target.string()
                  << " exists already; give --force to replace it\n";
        return 1;
    }
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!(out << text) || !out.flush())
        throw std::runtime_error("cannot write " + target.string());
    std::cout << "installed " << file << " as " << target.string()
              << "; the host uses it from its next start\n";
    return 0;
}

}  // namespace

std::vector<std::filesystem::path> user_manifest_dirs() {
    auto dir = data_dir();
    secure_data_dir(dir, CreateFolder::no);
    return manifest_dirs(dir);
}

void attach_learned(Classifier& classifier) {
    auto learned = std::make_shared<LearnedDeclarations>();
    auto dir = data_dir();
    // Reading only: a missing database means nothing learned yet, and is not created here.
    if (std::filesystem::exists(database_path(dir))) {
        auto store = open_store();
        load_learned(*store, *learned);
    }
    classifier.use_declarations(std::move(learned));
}

void add_manifest_commands(CLI::App& app, Action& action) {
    CLI::App* manifests = app.get_subcommand("manifests");

    auto forget_site = std::make_shared<std::string>();
    auto* forget = manifests->add_subcommand("forget", "Drop a site's learned declaration");
    forget->add_option("site", *forget_site, "The site")->type_name("SITE")->required();
    forget->callback(
        [forget_site, &action] { action = [forget_site] { return run_forget(*forget_site); }; });

    auto draft_site = std::make_shared<std::string>();
    auto draft_out = std::make_shared<std::string>();
    auto* draft = manifests->add_subcommand(
        "draft", "Write a manifest for review from the site's learned declaration and its log");
    draft->add_option("site", *draft_site, "The site")->type_name("SITE")->required();
    draft->add_option("--out", *draft_out, "Write to FILE instead of the output")
        ->type_name("FILE");
    draft->callback([draft_site, draft_out, &action] {
        action = [draft_site, draft_out] { return run_draft(*draft_site, *draft_out); };
    });

    auto add_file = std::make_shared<std::string>();
    auto add_force = std::make_shared<bool>(false);
    auto* add = manifests->add_subcommand(
        "add", "Validate a manifest and install it in your manifests folder");
    add->add_option("file", *add_file, "The manifest")->type_name("FILE")->required();
    add->add_flag("--force", *add_force, "Replace a manifest installed for the same site");
    add->callback([add_file, add_force, &action] {
        action = [add_file, add_force] { return run_add(*add_file, *add_force); };
    });
}

}  // namespace cw::cli
