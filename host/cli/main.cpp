// cookie-warden: the command-line tool. Works on the same data folder and database as the
// host. Exit status: 0 success, 2 bad usage, 1 any other error (docs/design.md, "Command line").

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/diagnostics.hpp"
#include "commands.hpp"
#include "platform/process.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
    cw::platform::prepare_process();  // private files, untranslated stdout
    cw::init_diagnostics("cookie-warden", std::nullopt);
    CLI::App app{"Cookie Warden: see and control what cookies sites keep", "cookie-warden"};
    app.set_version_flag("--version", std::string("cookie-warden ") + cw::kVersion);
    app.require_subcommand(1);
    cw::cli::Action action;
    cw::cli::add_commands(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    if (!action) {
        std::cerr << "cookie-warden: nothing to do; see --help\n";
        return 2;
    }
    try {
        return action();
    } catch (const cw::cli::UsageError& e) {
        std::cerr << "cookie-warden: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cookie-warden: " << e.what() << "\n";
        return 1;
    }
}
