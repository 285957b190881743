#pragma once
// JSON Schema validation (valijson) against the schemas in schema/, which are compiled into
// the executables. One schema file can hold many definitions; validate against one by name.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wire/protocol.hpp"

namespace cw {

struct SchemaProblem {
    std::string path;     // JSON pointer-like location in the document, e.g. /cookies/3/category
    std::string message;  // what is wrong there
};

class JsonSchema {
  public:
    // `schema` is a whole schema document. With `definition`, the document is checked against
    // #/definitions/<definition> of it instead of its root.
    explicit JsonSchema(const json& schema, std::string_view definition = {});
    ~JsonSchema();
    JsonSchema(JsonSchema&&) noexcept;
    JsonSchema& operator=(JsonSchema&&) noexcept;

    // Empty when the document is valid.
    std::vector<SchemaProblem> validate(const json& document) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "path: message; path: message" (at most `limit` problems), for error replies and diagnostics.
std::string describe(const std::vector<SchemaProblem>& problems, std::size_t limit = 5);

}  // namespace cw
