#include "wire/json_schema.hpp"

#include <stdexcept>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace cw {

struct JsonSchema::Impl {
    json document;
    valijson::Schema schema;
};

JsonSchema::JsonSchema(const json& schema, std::string_view definition)
    : impl_(std::make_unique<Impl>()) {
    if (definition.empty()) {
        impl_->document = schema;
    } else {
        impl_->document = {{"$ref", "#/definitions/" + std::string(definition)},
                           {"definitions", schema.at("definitions")}};
    }
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(impl_->document);
    parser.populateSchema(adapter, impl_->schema);
}

JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;

std::vector<SchemaProblem> JsonSchema::validate(const json& document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    std::vector<SchemaProblem> problems;
    if (validator.validate(impl_->schema, adapter, &results))
        return problems;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::string path;
        for (const auto& part : error.context) {
            if (part == "<root>")
                continue;
            std::string p = part;
            // valijson writes [name] or [3]; turn that into a pointer-like path.
            if (p.size() >= 2 && p.front() == '[' && p.back() == ']')
                p = p.substr(1, p.size() - 2);
            if (p.size() >= 2 && p.front() == '"' && p.back() == '"')
                p = p.substr(1, p.size() - 2);
            path += "/" + p;
        }
        if (path.empty())
            path = "/";
        problems.push_back({path, error.description});
    }
    return problems;
}

std::string describe(const std::vector<SchemaProblem>& problems, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < problems.size() && i < limit; ++i) {
        if (!out.empty())
            out += "; ";
        out += problems[i].path + ": " + problems[i].message;
    }
    if (problems.size() > limit)
        out += "; and " + std::to_string(problems.size() - limit) + " more";
    return out;
}

}  // namespace cw
