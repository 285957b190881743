// cw-classify-eval: how well the classifier does where no manifest decides (issue 18).
//
//   cw-classify-eval [--catalogue FILE] [--folds N] [--check]
//
// 1. Cross-validation on the catalogue: its entries are split into N folds by name (every
//    entry of one name in the same fold); each fold is classified by a classifier whose
//    catalogue lacks that fold, so the answer comes from the other entries or the heuristics.
//    Two views: the cookie as the site's own (first party), and, for entries listed with a
//    domain, as a cookie of that domain seen on another site (third party).
// 2. The seed policies: every cookie the shipped manifests declare, through the full
//    classifier (must all be right) and through catalogue and heuristics alone.
// --check exits 1 when a seed cookie is wrong or a cross-validation figure falls below the
// floors below, so CI notices a change that makes the classifier worse.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "classify/classifier.hpp"
#include "classify/embedded.hpp"
#include "classify/manifest_loader.hpp"
#include "wire/protocol.hpp"

namespace cw {
namespace {

constexpr double kNow = 1'800'000'000;
constexpr std::array<Category, 5> kClasses{Category::necessary, Category::functional,
                                           Category::statistics, Category::marketing,
                                           Category::unclassified};

// Functional and preferences are one class, as in the issue's measure.
Category merged(Category c) {
    return c == Category::preferences ? Category::functional : c;
}

int index_of(Category c) {
    c = merged(c);
    for (std::size_t i = 0; i < kClasses.size(); ++i) {
        if (kClasses[i] == c)
            return static_cast<int>(i);
    }
    return static_cast<int>(kClasses.size()) - 1;
}

// Rows are true classes, columns answers.
struct Confusion {
    std::array<std::array<int, 5>, 5> cells{};

    void add(Category truth, Category answer) { ++cells[index_of(truth)][index_of(answer)]; }
    int row_total(int r) const {
        int n = 0;
        for (int v : cells[r])
            n += v;
        return n;
    }
    int total() const {
        int n = 0;
        for (int r = 0; r < 5; ++r)
            n += row_total(r);
        return n;
    }
    int right() const {
        int n = 0;
        for (int r = 0; r < 5; ++r)
            n += cells[r][r];
        return n;
    }
    int column(int c) const {
        int n = 0;
        for (const auto& row : cells)
            n += row[c];
        return n;
    }
    double accuracy() const { return total() ? double(right()) / total() : 0; }
    double class_accuracy(int r) const {
        return row_total(r) ? double(cells[r][r]) / row_total(r) : 1;
    }
    // Necessary cookies answered statistics or marketing: removed once those are denied.
    double necessary_denied() const {
        int n = row_total(0);
        return n ? double(cells[0][2] + cells[0][3]) / n : 0;
    }
    double unclassified() const { return total() ? double(column(4)) / total() : 0; }
};

std::string pct(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f %%", v * 100);
    return buf;
}

void print(const std::string& title, const Confusion& m) {
    std::cout << "\n## " << title
              << "\n\n| class | right | n | answers: nec / fun / sta / mar / unc |\n"
              << "|---|---|---|---|\n";
    for (int r = 0; r < 4; ++r) {
        std::cout << "| " << to_string(kClasses[r]) << " | " << pct(m.class_accuracy(r)) << " | "
                  << m.row_total(r) << " | ";
        for (int c = 0; c < 5; ++c)
            std::cout << m.cells[r][c] << (c < 4 ? " / " : " |\n");
    }
    std::cout << "\noverall " << pct(m.accuracy()) << " (" << m.right() << "/" << m.total()
              << "), necessary judged statistics or marketing " << pct(m.necessary_denied())
              << ", unclassified " << pct(m.unclassified()) << "\n";
}

// "2 years", "13 Months", "30 minutes", "session" -> facts a browser would report.
void set_lifetime(CookieFacts& c, std::string retention) {
    std::transform(retention.begin(), retention.end(), retention.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (retention == "session") {
        c.session = true;
        return;
    }
    static const std::regex amount(R"((\d+)\s*(minute|hour|day|week|month|year))");
    std::smatch m;
    if (!std::regex_search(retention, m, amount))
        return;  // unknown: neither session nor an expiry, as the CLI gives
    static const std::map<std::string, double> unit{
        {"minute", 60},        {"hour", 3600},          {"day", 86400},
        {"week", 7 * 86400.0}, {"month", 30 * 86400.0}, {"year", 365 * 86400.0}};
    c.session = false;
    c.expiration_date = kNow + std::stod(m[1].str()) * unit.at(m[2].str());
}

struct Row {
    json raw;
    std::string name;
    bool prefix;
    std::string domain;
    Category category;
    std::string retention;
};

std::string catalogue_text(const json& head, const std::vector<const Row*>& rows) {
    json doc = head;
    doc["entries"] = json::array();
    for (const Row* r : rows)
        doc["entries"].push_back(r->raw);
    return doc.dump();
}

struct Views {
    Confusion first_party;
    Confusion third_party;
};

Views cross_validate(const json& doc, int folds) {
    std::vector<Row> rows;
    for (const auto& r : doc.at("entries")) {
        rows.push_back(Row{r, r.at(0).get<std::string>(), r.at(1).get<std::string>() == "prefix",
                           r.at(2).get<std::string>(), *parse_category(r.at(4).get<std::string>()),
                           r.at(6).get<std::string>()});
    }
    auto fold_of = [folds](const std::string& name) {
        return static_cast<int>(std::hash<std::string>{}(name) % static_cast<std::size_t>(folds));
    };
    json head = doc;
    head.erase("entries");
    Views out;
    for (int f = 0; f < folds; ++f) {
        std::vector<const Row*> kept;
        std::vector<const Row*> held;
        for (const auto& r : rows)
            (fold_of(r.name) == f ? held : kept).push_back(&r);
        Classifier classifier(ManifestSet{}, Catalogue::from_json_text(catalogue_text(head, kept)));
        for (const Row* r : held) {
            CookieFacts c;
            // A prefix stands for the names it catches: add what a real cookie would carry.
            c.name = r->prefix ? r->name + "1a2b3c" : r->name;
            set_lifetime(c, r->retention);
            c.domain = ".site.example";
            out.first_party.add(r->category,
                                classifier.classify("www.site.example", c, kNow).category);
            if (!r->domain.empty()) {
                c.domain = "." + r->domain;
                out.third_party.add(r->category,
                                    classifier.classify("www.site.example", c, kNow).category);
            }
        }
    }
    return out;
}

struct SeedResult {
    Confusion full;
    Confusion without_manifests;
    std::vector<std::string> wrong;
};

SeedResult seeds(const json& catalogue) {
    SeedResult out;
    ManifestSet set = load_manifests({}, true);
    std::vector<Manifest> manifests = set.manifests;
    Classifier full(std::move(set), Catalogue::from_json_text(catalogue.dump()));
    Classifier bare(ManifestSet{}, Catalogue::from_json_text(catalogue.dump()));
    for (const auto& m : manifests) {
        std::string site = m.hosts.empty() ? m.site : m.hosts.front();
        for (const auto& declared : m.cookies) {
            CookieFacts c;
            c.name = declared.prefix ? declared.name + "1a2b3c" : declared.name;
            c.domain = declared.domain.empty() ? "." + m.site : declared.domain;
            set_lifetime(c, declared.retention);
            auto answer = full.classify(site, c, kNow).category;
            out.full.add(declared.category, answer);
            if (merged(answer) != merged(declared.category)) {
                out.wrong.push_back(m.site + " " + c.name + ": " + std::string(to_string(answer)));
            }
            out.without_manifests.add(declared.category, bare.classify(site, c, kNow).category);
        }
    }
    return out;
}

// Floors for --check: the figures measured when this tool was written, less a margin, so
// that CI fails on a change that makes the classifier clearly worse.
struct Floors {
    double overall = 0.0;
    double per_class = 0.0;
    double necessary_denied_max = 1.0;
};

bool meets(const std::string& what, const Confusion& m, const Floors& f) {
    bool ok = m.accuracy() >= f.overall && m.necessary_denied() <= f.necessary_denied_max;
    for (int r = 0; r < 4; ++r)
        ok = ok && (m.row_total(r) == 0 || m.class_accuracy(r) >= f.per_class);
    if (!ok)
        std::cerr << "check failed: " << what << " is below its floor\n";
    return ok;
}

int run(int argc, char** argv) {
    std::string file;
    int folds = 10;
    bool check = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--catalogue" && i + 1 < argc) {
            file = argv[++i];
        } else if (a == "--folds" && i + 1 < argc) {
            folds = std::max(2, std::atoi(argv[++i]));
        } else if (a == "--check") {
            check = true;
        } else {
            std::cerr << "usage: cw-classify-eval [--catalogue FILE] [--folds N] [--check]\n";
            return 2;
        }
    }
    std::string text;
    if (file.empty()) {
        text = std::string(*embedded::find("catalogue/catalogue.json"));
    } else {
        std::ifstream in(file);
        if (!in) {
            std::cerr << "cannot read " << file << "\n";
            return 2;
        }
        std::stringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    json doc = json::parse(text);
    std::cout << "# Classifier evaluation (functional and preferences as one class)\n";
    Views cv = cross_validate(doc, folds);
    print(std::to_string(folds) + "-fold cross-validation on the catalogue, first party",
          cv.first_party);
    print(std::to_string(folds) +
              "-fold cross-validation on the catalogue, third party on the "
              "listed domain",
          cv.third_party);
    SeedResult s = seeds(doc);
    print("Seed policies' declared cookies, full classifier", s.full);
    print("Seed policies' declared cookies, catalogue and heuristics only", s.without_manifests);
    for (const auto& w : s.wrong)
        std::cout << "WRONG " << w << "\n";
    if (!check)
        return 0;
    bool ok = s.wrong.empty();
    ok = meets("first-party cross-validation", cv.first_party, Floors{0.32, 0.13, 0.08}) && ok;
    ok = meets("third-party cross-validation", cv.third_party, Floors{0.75, 0.25, 0.70}) && ok;
    return ok ? 0 : 1;
}

}  // namespace
}  // namespace cw

int main(int argc, char** argv) {
    try {
        return cw::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "cw-classify-eval: " << e.what() << "\n";
        return 2;
    }
}
