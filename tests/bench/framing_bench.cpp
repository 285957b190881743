// Frame decoding and request dispatch, the work the host does for every message.

#include <benchmark/benchmark.h>

#include "verbs/hello.hpp"
#include "wire/dispatcher.hpp"
#include "wire/framing.hpp"

namespace cw {
namespace {

std::string many_frames(std::size_t count, std::size_t payload_size) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += encode_frame(std::string(payload_size, 'x'));
    return out;
}

void BM_DecodeFrames(benchmark::State& state) {
    const auto payload = static_cast<std::size_t>(state.range(0));
    const std::string bytes = many_frames(256, payload);
    std::vector<FrameEvent> events;
    for (auto _ : state) {
        FrameDecoder decoder;
        // Feed in 64 KiB reads, as the transport does.
        for (std::size_t i = 0; i < bytes.size(); i += 65536) {
            decoder.feed({bytes.data() + i, std::min<std::size_t>(65536, bytes.size() - i)},
                         events);
        }
        benchmark::DoNotOptimize(events.data());
        events.clear();
    }
    state.SetItemsProcessed(state.iterations() * 256);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_DecodeFrames)->Arg(200)->Arg(2000);

void BM_DispatchHello(benchmark::State& state) {
    Dispatcher dispatcher;
    register_hello(dispatcher, {});
    const std::string request = R"({"id":1,"type":"hello","browser":"chromium"})";
    for (auto _ : state) {
        auto reply = dispatcher.handle_frame(request);
        benchmark::DoNotOptimize(reply);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DispatchHello);

}  // namespace
}  // namespace cw
