// cookie-warden-host: the native-messaging host that browsers start for the extension.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/diagnostics.hpp"
#include "app/host_app.hpp"
#include "platform/data_folder.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "verbs/features.hpp"
#include "version.hpp"
#include "wire/caller.hpp"
#include "wire/framing.hpp"

namespace {

// The features on the running host, over the data folder's database and manifests. When the
// folder is not private (secure_data_dir refused it), its manifests are skipped and the store
// stays unavailable until the folder is fixed.
void register_features(cw::HostApp& app, const cw::Caller& caller,
                       const std::filesystem::path& data_dir, bool data_dir_is_private) {
    auto manifests = cw::manifest_dirs(data_dir);
    // Manifests from a folder of someone else's could declare any cookie necessary.
    if (!data_dir_is_private)
        manifests.erase(manifests.begin());
    // The store checks the folder itself (and refuses it, saying why, until it is fixed).
    cw::StoreFeature features =
        cw::install_features(app.dispatcher(), app.io(), cw::database_path(data_dir), manifests,
                             [&app](const cw::json& message) { app.push(message); });
    features.service->browser =
        caller.browser_family().empty() ? "unknown" : caller.browser_family();
    app.on_batch_end(features.end_batch);
    app.on_shutdown(features.stop);
}

void print_usage() {
    std::cerr << "cookie-warden-host " << cw::kVersion
              << " is the native-messaging host of Cookie Warden.\n"
                 "Browsers start it for the Cookie Warden extension and talk to it through\n"
                 "stdin and stdout; it is not meant to be run by hand.\n"
                 "To manage rules, read the log or check an installation, use `cookie-warden`\n"
                 "(try `cookie-warden doctor`).\n";
}

}  // namespace

int main(int argc, char** argv) {
    cw::platform::prepare_process();  // private files, binary stdin/stdout
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--version" || args[0] == "-V")) {
        std::cout << "cookie-warden-host " << cw::kVersion << "\n";
        return 0;
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        print_usage();
        return 0;
    }
    cw::Caller caller = cw::parse_caller(args);
    if (caller.kind == cw::Caller::Kind::none) {
        print_usage();
        return 2;
    }

    // Diagnostics to stderr until the log folder is known: spdlog's own default writes to
    // stdout, which carries only frames.
    cw::init_diagnostics("cookie-warden-host", std::nullopt);
    auto data_dir = cw::data_dir();
    // A data folder that is not the user's is not used at all: not for the database, the log
    // file, extra extension ids or the user's manifests. Verdicts then follow the defaults.
    std::optional<std::string> refused;
    std::optional<std::filesystem::path> log_dir;
    try {
        cw::secure_data_dir(data_dir);
        cw::ensure_private_dir(data_dir / "logs");
        log_dir = data_dir / "logs";
    } catch (const cw::DataFolderError& e) {
        refused = e.what();
    } catch (const std::exception&) {
        // Diagnostics then go to stderr only; the storage layer reports the problem itself.
    }
    cw::init_diagnostics("cookie-warden-host", log_dir);
    if (refused)
        spdlog::error("{}", *refused);

    // Frames are the only thing on stdout: keep a private copy of it and point fd 1 at
    // stderr, so a stray print from any library cannot corrupt the stream.
    auto stdio = cw::platform::take_stdio();
    if (!stdio) {
        spdlog::critical("cannot set up stdin/stdout");
        return 1;
    }

    auto extra_ids = refused ? std::vector<std::string>{} : cw::extra_allowed_ids(data_dir);
    if (!cw::is_allowed(caller, extra_ids)) {
        spdlog::error("refusing caller '{}': not an allowed extension", caller.origin);
        auto reply = cw::make_error(nullptr, cw::ErrorCode::forbidden,
                                    "this host serves only the Cookie Warden extension; '" +
                                        caller.origin + "' is not allowed");
        cw::platform::write_all(
            stdio->out,
            cw::encode_frame(reply.dump(-1, ' ', false, cw::json::error_handler_t::replace)));
        return 1;
    }
    spdlog::info("started for {} ({})", caller.origin, caller.browser_family());

    try {
        cw::HostApp app(stdio->in, stdio->out);
        register_features(app, caller, data_dir, !refused);
        int status = app.run();
        spdlog::info("stopped");
        return status;
    } catch (const std::exception& e) {
        spdlog::critical("host failed: {}", e.what());
        return 1;
    }
}
