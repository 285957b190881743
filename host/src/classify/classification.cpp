#include "classify/classification.hpp"

namespace cw {

std::string_view to_string(Category c) {
    switch (c) {
        case Category::necessary:
            return "necessary";
        case Category::functional:
            return "functional";
        case Category::preferences:
            return "preferences";
        case Category::statistics:
            return "statistics";
        case Category::marketing:
            return "marketing";
        case Category::unclassified:
            return "unclassified";
    }
    return "unclassified";
}

std::string_view to_string(Source s) {
    switch (s) {
        case Source::manifest:
            return "manifest";
        case Source::catalogue:
            return "catalogue";
        case Source::heuristic:
            return "heuristic";
        case Source::none:
            return "none";
        case Source::declared:
            return "declared";
    }
    return "none";
}

std::optional<Category> parse_category(std::string_view text) {
    for (Category c : kAllCategories) {
        if (to_string(c) == text)
            return c;
    }
    return std::nullopt;
}

std::string misdeclared_text(Category declared, Category known) {
    return "declared " + std::string(to_string(declared)) + " by the site, known as " +
           std::string(to_string(known));
}

std::string misdeclared_text(const Classification& c) {
    return c.declared ? misdeclared_text(*c.declared, c.category) : std::string();
}

std::optional<Source> parse_source(std::string_view text) {
    for (Source s :
         {Source::manifest, Source::catalogue, Source::heuristic, Source::none, Source::declared}) {
        if (to_string(s) == text)
            return s;
    }
    return std::nullopt;
}

}  // namespace cw
