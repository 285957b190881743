// Any bytes as a site manifest file, through the loader the host uses at start-up: a broken
// manifest is reported as a problem naming the file, never a crash or an escaping exception,
// and a manifest that loads has the fields the classifier relies on.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "classify/manifest_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const cw::ManifestValidator* validator = new cw::ManifestValidator;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        cw::Manifest m = validator->load(text, "user", "fuzz.json");
        if (m.site.empty())
            std::abort();
    } catch (const cw::ManifestLoadError& e) {
        if (e.problems().empty())
            std::abort();
        for (const auto& p : e.problems()) {
            if (p.file != "fuzz.json" || p.message.empty())
                std::abort();
        }
    }
    // Anything else escaping would end the host at start-up: libFuzzer reports it.
    return 0;
}
