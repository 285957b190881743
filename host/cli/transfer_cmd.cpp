// cookie-warden export [FILE] | import FILE

#include <fstream>
#include <iostream>
#include <sstream>

#include "store/rules_transfer.hpp"
#include "store_cli.hpp"

namespace cw::cli {

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
                std::stringstream text;
                if (*file == "-") {
                    text << std::cin.rdbuf();
                } else {
                    std::ifstream in(*file, std::ios::binary);
                    if (!in)
                        throw std::runtime_error("cannot read " + *file);
                    text << in.rdbuf();
                }
                ImportedChoices choices;
                try {
                    choices = parse_import(text.str());
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
