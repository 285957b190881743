// cookie-warden export [FILE] | import FILE

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "store/rules_transfer.hpp"
#include "store_cli.hpp"

namespace cw::cli {

namespace {

// An export holds settings and rules, a few hundred bytes each: 32 MiB is far more than any
// citizen's, and a bound on what a mistaken file (a disk image, /dev/zero) can cost.
constexpr std::uintmax_t kMaxImportBytes = 32u * 1024 * 1024;

std::runtime_error too_large(const std::string& file) {
    return std::runtime_error(file + " is larger than an import file may be (" +
                              std::to_string(kMaxImportBytes / (1024 * 1024)) +
                              " MiB); nothing was changed");
}

// The file's text, up to the cap. Only regular files (and stdin, '-'): a device, a folder or a
// pipe by name is refused before it is opened.
std::string read_import(const std::string& file) {
    std::string text;
    std::istream* in = &std::cin;
    std::ifstream opened;
    if (file != "-") {
        std::error_code ec;
        auto status = std::filesystem::status(file, ec);
        if (ec)
            throw std::runtime_error("cannot read " + file + ": " + ec.message());
        if (!std::filesystem::is_regular_file(status))
            throw std::runtime_error(file + " is not a regular file; nothing was changed");
        if (std::filesystem::file_size(file, ec) > kMaxImportBytes)
            throw too_large(file);
        opened.open(file, std::ios::binary);
        if (!opened)
            throw std::runtime_error("cannot read " + file);
        in = &opened;
    }
    char buffer[64 * 1024];
    while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in->gcount()));
        if (text.size() > kMaxImportBytes)
            throw too_large(file == "-" ? std::string("the input") : file);
    }
    return text;
}

}  // namespace

void add_transfer_commands(CLI::App& app, Action& action) {
    auto file = std::make_shared<std::string>();
    auto* exp = app.add_subcommand(
        "export", "Write the settings and every site rule as JSON (to FILE or stdout)");
    exp->add_option("FILE", *file, "Where to write (default: stdout)")->type_name("");
    exp->callback([&action, file] {
        action = [file] {
            std::string text = export_document(*open_store()).dump(2) + "\n";
            if (file->empty() || *file == "-") {
                std::cout << text;
                return 0;
            }
            std::string tmp = *file + ".tmp";
            {
                std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
                out << text;
                if (!out.flush())
                    throw std::runtime_error("cannot write " + tmp);
            }
            std::filesystem::rename(tmp, *file);
            std::cerr << "Wrote the settings and rules to " << *file << "\n";
            return 0;
        };
    });

    auto* imp = app.add_subcommand(
        "import",
        "Replace the settings and every site rule with those of FILE (checked first; "
        "on any error nothing changes)");
    imp->add_option("FILE", *file, "An export file ('-' for stdin)")->type_name("")->required();
    imp->callback([&action, file] {
        action = [file] {
            return guarded([&] {
                std::string text = read_import(*file);
                ImportedChoices choices;
                try {
                    choices = parse_import(text);
                } catch (const ProtocolError& e) {
                    throw std::runtime_error(*file + ": " + e.what() + "; nothing was changed");
                }
                open_store()->replace_all(choices.settings, choices.rules);
                std::cerr << "Imported the settings and " << choices.rules.size()
                          << " site rules\n";
                return 0;
            });
        };
    });
}

}  // namespace cw::cli
