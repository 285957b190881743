#pragma once
// What the driver sends: `cookie.changed` events as a browser reports them while someone
// browses (a few hundred sites, some far busier than others, first- and third-party cookies
// with values), one event per frame.

#include <cstdint>
#include <string>
#include <vector>

namespace cw::load {

class Workload {
  public:
    // `distinct` different events are prepared once and then sent round-robin with new ids.
    explicit Workload(std::size_t distinct = 4096, unsigned seed = 42);

    // The whole frame (length prefix included) of request `id`.
    std::string frame(std::uint64_t id) const;
    // The `hello` request the extension sends first.
    static std::string hello_frame(std::uint64_t id);

  private:
    std::vector<std::string> bodies_;  // each `"type":...,"event":{...}}`
};

// Length prefix (native byte order) plus payload.
std::string frame_of(const std::string& payload);

}  // namespace cw::load
