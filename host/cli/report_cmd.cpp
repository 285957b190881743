// cookie-warden report SITE [--json]: how a site treated the answer to its cookie banner
// (store/consent_report.hpp) and the cookies its consent platform misdeclared
// (store/declaration_report.hpp). docs/consent.md says how a citizen can use it.

#include <iostream>

#include "policy/rules.hpp"
#include "store/consent_report.hpp"
#include "store/declaration_report.hpp"
#include "store_cli.hpp"

namespace cw::cli {
namespace {

std::string choices_line(const json& choices) {
    std::string out;
    for (auto& [purpose, choice] : choices.items()) {
        if (!out.empty())
            out += ", ";
        out += purpose + " " + (choice == "refuse" ? "refused" : "allowed");
    }
    return out;
}

// Cookies the site's consent platform declares necessary that the catalogue knows as trackers.
void print_misdeclared(const json& misdeclared) {
    std::cout << "\n";
    if (misdeclared.empty()) {
        std::cout << "No cookie was misdeclared in the site's cookie declaration.\n";
        return;
    }
    std::cout << misdeclared.size()
              << " cookies were misdeclared in the site's cookie declaration (each was judged "
                 "by what it is known as):\n";
    std::vector<std::vector<std::string>> rows{{"TIME", "COOKIE", "DOMAIN", "PLATFORM", "WHAT"}};
    for (auto& e : misdeclared)
        rows.push_back({format_time(e["time"].get<std::int64_t>()), e["name"].get<std::string>(),
                        e["domain"].get<std::string>(), e["platform"].get<std::string>(),
                        e["says"].get<std::string>()});
    print_table(std::cout, rows);
}

int run_report(const std::string& site_arg, bool as_json) {
    std::string site = rule_key(site_arg);
    auto store = open_store();
    json report = consent_report(store->connection(), site);
    report["misdeclared"] = misdeclared_report(*store, site);
    if (as_json) {
        std::cout << report.dump(2) << "\n";
        return 0;
    }
    std::cout << "Cookie banner answers and cookies set after a refusal on " << site << "\n\n";
    if (report["answers"].empty()) {
        std::cout << "No answers to this site's cookie banner are logged.\n";
    } else {
        std::vector<std::vector<std::string>> rows{{"TIME", "PLATFORM", "ANSWERED BY", "ANSWER"}};
        for (auto& a : report["answers"])
            rows.push_back({format_time(a["time"].get<std::int64_t>()),
                            a["platform"].get<std::string>(),
                            a["by"] == "banner" ? "you, in the banner" : "Cookie Warden",
                            choices_line(a["choices"])});
        print_table(std::cout, rows);
    }
    std::cout << "\n";
    if (report["afterRefusal"].empty()) {
        std::cout << "No cookie of a refused purpose was set after the refusal.\n";
    } else {
        std::cout
            << report["afterRefusal"].size()
            << " cookies of refused purposes were set after the refusal (each was removed):\n";
        std::vector<std::vector<std::string>> rows{
            {"TIME", "COOKIE", "DOMAIN", "CATEGORY", "SOURCE", "RULE"}};
        for (auto& e : report["afterRefusal"])
            rows.push_back({format_time(e["time"].get<std::int64_t>()),
                            e["name"].get<std::string>(), e["domain"].get<std::string>(),
                            e["category"].get<std::string>(), e["source"].get<std::string>(),
                            e["rule"].get<std::string>()});
        print_table(std::cout, rows);
    }
    print_misdeclared(report["misdeclared"]);
    return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
    auto site = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    auto* report = app.add_subcommand(
        "report",
        "How a site treated your answer to its cookie banner: the answers given, "
        "each cookie of a refused purpose it set afterwards, and cookies its declaration "
        "calls necessary that are known trackers");
    report->add_option("SITE", *site, "The site (its registrable domain or any of its hosts)")
        ->required();
    report->add_flag("--json", *as_json, "Print one JSON document");
    report->callback([&action, site, as_json] {
        action = [site, as_json] { return guarded([&] { return run_report(*site, *as_json); }); };
    });
}

}  // namespace cw::cli
