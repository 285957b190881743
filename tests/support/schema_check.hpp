#pragma once
// Checks documents against the project's JSON Schemas in schema/ (read from the source tree,
// so tests see the file as committed).

#include <gtest/gtest.h>

#include <string>

#include "wire/json_schema.hpp"

namespace cw::test {

// The schema file schema/<file> checked against #/definitions/<definition>.
JsonSchema load_schema(const std::string& file, const std::string& definition);

// A gtest assertion: valid, or a failure listing every problem.
::testing::AssertionResult matches_schema(const JsonSchema& schema, const json& document);

}  // namespace cw::test
