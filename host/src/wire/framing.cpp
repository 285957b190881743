#include "wire/framing.hpp"

#include <cstring>
#include <stdexcept>

namespace cw {

void FrameDecoder::feed(std::span<const char> data, std::vector<FrameEvent>& out) {
    while (!data.empty()) {
        switch (state_) {
            case State::header: {
                std::size_t take = std::min(data.size(), sizeof header_ - header_fill_);
                std::memcpy(header_ + header_fill_, data.data(), take);
                header_fill_ += take;
                data = data.subspan(take);
                if (header_fill_ < sizeof header_)
                    break;
                header_fill_ = 0;
                std::uint32_t length = 0;
                std::memcpy(&length, header_, sizeof length);  // native byte order
                remaining_ = length;
                if (length > max_frame_) {
                    out.push_back({FrameEvent::Kind::oversize, {}, length});
                    state_ = State::skip;
                } else if (length == 0) {
                    out.push_back({FrameEvent::Kind::message, {}, 0});
                } else {
                    body_.clear();
                    body_.reserve(length);
                    state_ = State::body;
                }
                break;
            }
            case State::body: {
                std::size_t take =
                    static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), remaining_));
                body_.append(data.data(), take);
                remaining_ -= take;
                data = data.subspan(take);
                if (remaining_ == 0) {
                    out.push_back({FrameEvent::Kind::message, std::move(body_), body_.size()});
                    out.back().declared_size = out.back().payload.size();
                    body_ = {};
                    state_ = State::header;
                }
                break;
            }
            case State::skip: {
                std::size_t take =
                    static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), remaining_));
                remaining_ -= take;
                data = data.subspan(take);
                if (remaining_ == 0)
                    state_ = State::header;
                break;
            }
        }
    }
}

std::string encode_frame(std::string_view payload) {
    std::string frame;
    append_frame(frame, payload);
    return frame;
}

void append_frame(std::string& out, std::string_view payload) {
    if (payload.size() > kMaxOutputFrame) {
        throw std::length_error("frame of " + std::to_string(payload.size()) +
                                " bytes exceeds the 1 MiB output limit");
    }
    auto length = static_cast<std::uint32_t>(payload.size());
    char prefix[sizeof length];
    std::memcpy(prefix, &length, sizeof length);  // native byte order
    out.append(prefix, sizeof prefix);
    out.append(payload);
}

}  // namespace cw
