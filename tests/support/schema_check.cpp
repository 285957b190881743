#include "schema_check.hpp"

#include <fstream>

namespace cw::test {

JsonSchema load_schema(const std::string& file, const std::string& definition) {
    std::ifstream in(std::string(CW_SOURCE_DIR) + "/schema/" + file);
    if (!in)
        throw std::runtime_error("cannot read schema/" + file);
    return JsonSchema(json::parse(in), definition);
}

::testing::AssertionResult matches_schema(const JsonSchema& schema, const json& document) {
    auto problems = schema.validate(document);
    if (problems.empty())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << document.dump() << " does not match: " << describe(problems, 20);
}

}  // namespace cw::test
