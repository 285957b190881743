// The frame decoder must give the same frames however the input is split into reads, never
// hold more than one frame's worth of memory, and never accept a frame over the limit.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "wire/framing.hpp"

namespace {

bool same(const std::vector<cw::FrameEvent>& a, const std::vector<cw::FrameEvent>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].kind != b[i].kind || a[i].payload != b[i].payload ||
            a[i].declared_size != b[i].declared_size) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // The first byte picks the read size; a small limit makes oversize frames reachable.
    const std::size_t step = 1 + data[0] % 13;
    const char* bytes = reinterpret_cast<const char*>(data + 1);
    const std::size_t n = size - 1;
    constexpr std::size_t kLimit = 64;

    cw::FrameDecoder whole(kLimit), pieces(kLimit);
    std::vector<cw::FrameEvent> a, b;
    whole.feed({bytes, n}, a);
    for (std::size_t i = 0; i < n; i += step)
        pieces.feed({bytes + i, std::min(step, n - i)}, b);

    if (!same(a, b) || whole.mid_frame() != pieces.mid_frame())
        std::abort();
    for (const auto& e : a) {
        if (e.kind == cw::FrameEvent::Kind::message && e.payload.size() > kLimit)
            std::abort();
        if (e.kind == cw::FrameEvent::Kind::oversize && e.declared_size <= kLimit)
            std::abort();
    }
    return 0;
}
