// Any bytes as an export file given to `cookie-warden import`: the import either refuses it
// with a clear error and changes nothing, or replaces the choices with exactly what it checked.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/rules_transfer.hpp"
#include "store/store.hpp"
#include "wire/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static cw::Store* store = new cw::Store(":memory:");
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto before = store->load_rules();
    cw::ImportedChoices choices;
    try {
        choices = cw::parse_import(text);
    } catch (const cw::ProtocolError& e) {
        if (std::string_view(e.what()).empty())
            std::abort();
        if (store->load_rules() != before)
            std::abort();
        return 0;
    }
    store->replace_all(choices.settings, choices.rules);
    if (store->load_rules().size() != choices.rules.size())
        std::abort();
    return 0;
}
