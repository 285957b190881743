#pragma once
// A test with a data folder of its own and a host started on it; replies checked against
// schema/protocol.schema.json.

#include <gtest/gtest.h>

#include <string>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {

class HostFixture : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    // The reply to `request`, expected ok and valid against the schema's `reply_def`.
    json checked(HostProcess& host, const json& request, const std::string& reply_def) {
        json reply = host.request(request);
        EXPECT_TRUE(reply["ok"].get<bool>()) << reply.dump();
        EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", reply_def), reply));
        return reply;
    }
    TempDir home;
};

}  // namespace cw::test
