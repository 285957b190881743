// Classification from the command line. The same Classifier as the host, loaded the same way
// (the user's and the system's manifest folders, then the shipped ones), so what the CLI says
// is what the host decides.

#include "classify_commands.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "classify/classification_json.hpp"
#include "classify/classifier.hpp"
#include "classify/domain.hpp"
#include "classify/manifest_loader.hpp"
#include "manifests_cmd.hpp"
#include "platform/data_folder.hpp"
#include "platform/paths.hpp"
#include "verbs/classify_verbs.hpp"

namespace cw::cli {

namespace {

// Columns padded to the widest cell; the last column is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i)
            width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(width[i] - row[i].size() + 2, ' ');
        }
        std::cout << line << "\n";
    }
}

struct CookieArg {
    std::string name;
    std::string domain;
};

// NAME or NAME@DOMAIN; without a domain the cookie is the site's own.
CookieArg parse_cookie_arg(const std::string& arg, const std::string& site_host) {
    CookieArg c;
    auto at = arg.rfind('@');
    if (at == std::string::npos) {
        c.name = arg;
        c.domain = site_host;
    } else {
        c.name = arg.substr(0, at);
        c.domain = arg.substr(at + 1);
        if (c.domain.empty())
            throw UsageError("'" + arg + "': no domain after '@'");
    }
    if (c.name.empty())
        throw UsageError("'" + arg + "': the cookie name is empty");
    return c;
}

struct ClassifyArgs {
    std::string site;
    std::vector<std::string> cookies;
    bool json = false;
};

int run_classify(const ClassifyArgs& args) {
    std::string site = normalize_host(args.site);
    if (site.empty())
        throw UsageError("--site is empty");
    std::vector<CookieArg> cookies;
    for (const auto& a : args.cookies)
        cookies.push_back(parse_cookie_arg(a, site));

    Classifier classifier = Classifier::load(user_manifest_dirs());
    attach_learned(classifier);
    json results = json::array();
    std::vector<std::vector<std::string>> rows{
        {"COOKIE", "DOMAIN", "CATEGORY", "SOURCE", "PARTY", "VENDOR", "MANIFEST"}};
    std::vector<std::string> purposes;
    for (const auto& c : cookies) {
        CookieFacts facts;
        facts.name = c.name;
        facts.domain = c.domain;
        Classification r = classifier.classify(site, facts);
        json entry = to_json(r);
        entry["name"] = c.name;
        entry["domain"] = c.domain;
        results.push_back(std::move(entry));
        rows.push_back({c.name, c.domain, std::string(to_string(r.category)),
                        std::string(to_string(r.source)), r.third_party ? "third" : "first",
                        r.vendor.empty() ? "-" : r.vendor,
                        r.manifest_id.empty() ? "-" : r.manifest_id});
        purposes.push_back(r.purpose);
    }
    if (args.json) {
        std::cout << json{{"site", site}, {"results", results}}.dump(2) << "\n";
        return 0;
    }
    print_table(rows);
    bool any_purpose = std::any_of(purposes.begin(), purposes.end(),
                                   [](const std::string& p) { return !p.empty(); });
    if (any_purpose) {
        std::cout << "\n";
        for (std::size_t i = 0; i < cookies.size(); ++i) {
            if (!purposes[i].empty())
                std::cout << cookies[i].name << ": " << purposes[i] << "\n";
        }
    }
    return 0;
}

int run_manifests_list(bool as_json) {
    Classifier classifier = Classifier::load(user_manifest_dirs());
    attach_learned(classifier);
    json listing = manifests_listing(classifier);
    if (as_json) {
        std::cout << listing.dump(2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "SITE", "ORIGIN", "REVIEWED", "COOKIES", "POLICY", "FILE"}};
    for (const auto& m : classifier.manifests()) {
        rows.push_back({m.id, m.site, m.origin, m.reviewed, std::to_string(m.cookies.size()),
                        m.policy_url, m.file});
    }
    for (const auto& l : listing["learned"]) {
        rows.push_back({l["site"].get<std::string>(), l["site"].get<std::string>(),
                        "learned:" + l["platform"].get<std::string>(), "-",
                        std::to_string(l["cookies"].get<std::size_t>()),
                        l.value("policyUrl", std::string("-")), "(database)"});
    }
    print_table(rows);
    for (const auto& p : classifier.problems()) {
        std::cerr << "skipped " << to_string(p) << "\n";
    }
    return 0;
}

int run_manifests_validate(const std::vector<std::string>& files) {
    int status = 0;
    for (const auto& f : files) {
        auto problems = validate_manifest_file(f);
        if (problems.empty()) {
            std::cout << f << ": valid\n";
            continue;
        }
        status = 1;
        for (const auto& p : problems)
            std::cerr << to_string(p) << "\n";
    }
    return status;
}

}  // namespace

void add_classify_commands(CLI::App& app, Action& action) {
    auto args = std::make_shared<ClassifyArgs>();
    auto* classify = app.add_subcommand(
        "classify", "Say what cookies are for on a site (NAME, or NAME@DOMAIN for another domain)");
    classify->add_option("--site", args->site, "Top-level site the cookies are seen on")
        ->type_name("SITE")
        ->required();
    classify->add_option("cookies", args->cookies, "The cookies to classify")
        ->type_name("NAME[@DOMAIN]")
        ->required();
    classify->add_flag("--json", args->json, "Print one JSON document");
    classify->callback([args, &action] { action = [args] { return run_classify(*args); }; });

    auto* manifests = app.add_subcommand("manifests", "Site cookie-policy manifests");
    manifests->require_subcommand(1);
    auto list_json = std::make_shared<bool>(false);
    auto* list = manifests->add_subcommand("list", "Manifests in use, and files skipped");
    list->add_flag("--json", *list_json, "Print one JSON document");
    list->callback(
        [list_json, &action] { action = [list_json] { return run_manifests_list(*list_json); }; });
    auto files = std::make_shared<std::vector<std::string>>();
    auto* validate =
        manifests->add_subcommand("validate", "Check manifest files against the schema");
    validate->add_option("files", *files, "Manifest files")->type_name("FILE")->required();
    validate->callback(
        [files, &action] { action = [files] { return run_manifests_validate(*files); }; });
}

}  // namespace cw::cli
